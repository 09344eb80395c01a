from tests.factories import BlockFactory, MemberFactory
from tests.scope import Case


def _role(w):
    return {"pk": w.officer_a.role_assignments.get().pk}


CASES = {
    "unions:tree": Case(),
    "unions:unit_detail": Case(kwargs=lambda w: {"pk": w.grassroots_a.pk}),
    "unions:unit_children": Case(kwargs=lambda w: {"pk": w.district_a.pk}),
    "unions:unit_create": Case(kwargs=lambda w: {"pk": w.district_a.pk}),
    "unions:unit_edit": Case(kwargs=lambda w: {"pk": w.grassroots_a.pk}),
    "unions:unit_move": Case(kwargs=lambda w: {"pk": w.grassroots_a.pk}),
    "unions:unit_close": Case(kwargs=lambda w: {"pk": w.grassroots_a2.pk}, method="post"),
    "unions:unit_merge": Case(kwargs=lambda w: {"pk": w.grassroots_a.pk}, method="post"),
    "unions:unit_roles": Case(kwargs=lambda w: {"pk": w.grassroots_a.pk}),
    "unions:role_revoke": Case(kwargs=_role, method="post"),
    "unions:member_list": Case(),
    "unions:member_export": Case(),
    "unions:member_export_file": Case(kwargs=lambda w: {"token": "0" * 32}),
    "unions:member_import": Case(),
    "unions:member_import_template": Case(),
    "unions:member_create": Case(),
    "unions:member_detail": Case(kwargs=lambda w: {"pk": MemberFactory(unit=w.grassroots_a).pk}),
    "unions:member_edit": Case(kwargs=lambda w: {"pk": w.member_a.pk}),
    "unions:member_deactivate": Case(kwargs=lambda w: {"pk": w.member_a.pk}, method="post"),
    "unions:account_list": Case(),
    "unions:account_create": Case(),
    "unions:account_detail": Case(kwargs=lambda w: {"pk": w.officer_a.pk}),
    "unions:account_deactivate": Case(kwargs=lambda w: {"pk": w.officer_a.pk}, method="post"),
    "unions:account_reset_password": Case(kwargs=lambda w: {"pk": w.officer_a.pk}, method="post"),
    "unions:block_list": Case(),
    "unions:block_create": Case(),
    "unions:block_edit": Case(kwargs=lambda w: {"pk": BlockFactory(code="doanh-nghiep").pk}, shared=True),
}
