from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    CENTRE = "centre", _("Service centre")  # the 12345 centre: intake, dispatch, callback
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street office")  # 街道 / 乡镇
    COMMUNITY = "community", _("Community")  # 社区 / 村
    GRID = "grid", _("Grid")  # 网格
    DEPARTMENT = "department", _("Line department")  # 条: functional departments
    UTILITY = "utility", _("Public utility")  # water, power, gas, telecoms
    PROVIDER = "provider", _("Partner provider")  # 加盟企业
    VOLUNTEER_TEAM = "volunteer_team", _("Volunteer team")
    MEDIATION = "mediation", _("Mediation organisation")
    EXTERNAL = "external", _("External platform")  # 110/119/120/122, other hotlines

    @classmethod
    def territorial(cls) -> set[str]:
        return {cls.CITY, cls.DISTRICT, cls.STREET, cls.COMMUNITY, cls.GRID}


class Role(models.TextChoices):
    AGENT = "agent", _("Call-centre agent")  # takes calls, registers, dispatches
    DISPATCHER = "dispatcher", _("Dispatcher")  # routes, arbitrates, approves extensions
    HANDLER = "handler", _("Handler")  # works cases inside a unit
    UNIT_LEADER = "unit_leader", _("Unit leader")  # a handler who also receives escalations
    INSPECTOR = "inspector", _("Grid inspector")
    SUPERVISOR = "supervisor", _("Supervisor")
    LEADER = "leader", _("Leader")  # reads dashboards and reports
    AUDITOR = "auditor", _("Auditor")  # reviews personal-data access
    ADMIN = "admin", _("Administrator")


CENTRE_ROLES = {Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR}
UNIT_ROLES = {Role.HANDLER, Role.UNIT_LEADER}
