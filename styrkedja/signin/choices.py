from __future__ import annotations

from styrkedja.tenancy.choices import Role

# The role names an administratör writes in the group table, as the pages show them.
ROLE_WORDS = {
    "administratör": Role.ADMINISTRATOR,
    "controller": Role.CONTROLLER,
    "rapportör": Role.REPORTER,
    "läsare": Role.READER,
}
WORD_OF_ROLE = {role: word for word, role in ROLE_WORDS.items()}

# A user in several mapped groups gets the strongest of their roles.
ROLE_RANK = [Role.ADMINISTRATOR, Role.CONTROLLER, Role.REPORTER, Role.READER]

# How this session was signed in: the second factor is the password users' alone (the
# municipality's identity provider has its own).
SESSION_METHOD = "signin.method"
METHOD_OIDC = "oidc"
