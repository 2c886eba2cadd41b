"""Steps every browser test takes."""

from hotline.testing import PASSWORD


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    # A live server's first request may still be loading the apps on a busy machine.
    page.goto("/accounts/login/", timeout=60_000)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
