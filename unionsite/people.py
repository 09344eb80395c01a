def full_name(user):
    """A person's name in Vietnamese order: family and middle name (last_name) before the given name.

    Django's get_full_name() puts the given name first ("Minh Trần Văn"), which reads wrong.
    """
    if user is None:
        return ""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()
