from django.core.management.base import BaseCommand, CommandError

from hotline.cases.access import case_for
from hotline.cases.actors import Actor
from hotline.cases.errors import CaseError
from hotline.exchange.actions import transfer_case
from hotline.exchange.models import Peer
from hotline.orgs.models import User


class Command(BaseCommand):
    help = "Transfer a case to a peer platform (it is closed here and delivered by exchange_deliver)."

    def add_arguments(self, parser):
        parser.add_argument("number")
        parser.add_argument("peer", help="the peer's code")
        parser.add_argument("--as", dest="username", required=True, help="an agent or dispatcher")
        parser.add_argument("--reason", default="")

    def handle(self, *args, number, peer, username, reason, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        target = Peer.objects.filter(code=peer).first()
        if user is None or target is None:
            raise CommandError("no such user or peer")
        try:
            transfer = transfer_case(case_for(user, number), target, actor=Actor.staff(user), reason=reason)
        except CaseError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"transfer {transfer.transfer_id} queued for {target.code}")
