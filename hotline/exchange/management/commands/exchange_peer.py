from django.core.management.base import BaseCommand

from hotline.exchange.models import Peer


class Command(BaseCommand):
    help = "Create or update a peer platform."

    def add_arguments(self, parser):
        parser.add_argument("code", help="how we name the peer")
        parser.add_argument("base_url")
        parser.add_argument("--name", default="")
        parser.add_argument("--our-code", required=True, help="how the peer names us")
        parser.add_argument("--key", required=True, help="the shared key (same on both sides)")

    def handle(self, *args, code, base_url, name, our_code, key, **options):
        peer, created = Peer.objects.update_or_create(code=code, defaults={
            "name": name or code, "base_url": base_url, "our_code": our_code, "shared_key": key, "active": True})
        self.stdout.write(f"{'created' if created else 'updated'} peer {peer.code}")
