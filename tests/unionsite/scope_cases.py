from tests.scope import Case

CASES = {
    "home": Case(),
    "login": Case(public=True),
    "logout": Case(method="post", public=True),
    "password_change": Case(),
    "password_change_done": Case(),
    "set_language": Case(method="post", public=True),
}
