"""The display texts of audit actions, in one registry (as pretix does)."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "plandata.plan.loaded": _("Planen lästes in från datafil"),
    "plandata.plan.replaced": _("Planen ersattes av en fils innehåll"),
    "workbook.plan.imported": _("Planen lästes in från en Excel-arbetsbok"),
    "jobs.job.started": _("En körning i bakgrunden startades"),
    "plan_import.document.read": _("Ett plandokument lästes in för granskning"),
    "plan_import.item.changed": _("En post i det inlästa planförslaget rättades"),
    "plan_import.item.moved": _("En post i det inlästa planförslaget flyttades till ett annat mål"),
    "plan_import.item.merged": _("Två poster i det inlästa planförslaget slogs ihop"),
    "plan_import.item.split": _("En post i det inlästa planförslaget delades i två"),
    "plan_import.unit.matched": _("En enhet i det inlästa planförslaget kopplades till kommunens enhet"),
    "plan_import.accepted": _("Det inlästa planförslaget godkändes och blev ett utkast till plan"),
    "plan_import.discarded": _("Det inlästa planförslaget kasserades"),
    "workbook.plan.updated": _("Rapporter lästes in från en Excel-arbetsbok"),
    "plans.plan.carried_over": _("Ny plan skapad med överförda aktiviteter"),
    "plans.plan.created": _("Planen skapades"),
    "plans.plan.adopted": _("Planen beslutades"),
    "plans.plan.revision_opened": _("En revision av planen påbörjades"),
    "plans.plan.revised": _("Revisionen av planen beslutades"),
    "plans.plan.revision_discarded": _("En påbörjad revision av planen avbröts utan ändringar"),
    "plans.plan.report_parts_set": _("Uppföljningsrapporternas delar ändrades"),
    "followup.activity_report.set": _("Aktivitetens status eller kommentar ändrades"),
    "followup.goal_report.set": _("Målets kommentar, bedömning eller åtgärder ändrades"),
    "followup.assessment_scale.set": _("Kommunens bedömningsskala ändrades"),
    "followup.assessment_rules.set": _("Reglerna för målbedömning och sammanfattning ändrades"),
    "followup.assessment_rules.cleared": _("Planen följer åter kommunens regler för målbedömning"),
    "followup.assignment_report.set": _(
        "Uppdragets nuläge, genomförda arbete, prognos eller åtgärder ändrades"
    ),
    "followup.survey_report.set": _("Undersökningens nuläge, kommentar eller resultat ändrades"),
    "assignments.status_labels.set": _("Kommunens benämningar av uppdragens status ändrades"),
    "economy.line_outcome.set": _("Budgetradens utfall, prognos eller kommentar ändrades"),
    "economy.sector_outcome.set": _("Sektorns kommentar till ekonomin ändrades"),
    "economy.investment_outcome.set": _("Investeringens utfall, prognos eller kommentar ändrades"),
    "economy.monthly_periods.added": _("Planens månadsuppföljningar lades till"),
    "economy.ledger_code.set": _("En kod i ekonomisystemet kopplades till en budgetrad"),
    "economy.ledger_code.deleted": _("En kod i ekonomisystemet togs bort"),
    "economy.ledger.imported": _("Utfall och prognos lästes in från ekonomisystemet"),
    "goals.goal.changed": _("Målet ändrades"),
    "goals.goal.created": _("Målet skapades"),
    "goals.levels.set": _("Kommunens målnivåer ändrades"),
    "activities.activity.changed": _("Aktiviteten ändrades"),
    "activities.activity.created": _("Aktiviteten skapades"),
    "activities.proposal.created": _("En ny aktivitet föreslogs"),
    "activities.proposal.accepted": _("Aktivitetsförslaget godkändes och aktiviteten lades till i planen"),
    "activities.proposal.declined": _("Aktivitetsförslaget avslogs"),
    "tenancy.municipality.created": _("Kommunen skapades"),
    "tenancy.unit.created": _("Enheten skapades"),
    "tenancy.unit.changed": _("Enheten ändrades"),
    "tenancy.partner.created": _("Samverkansparten skapades"),
    "tenancy.partner.changed": _("Samverkansparten ändrades"),
    "tenancy.member.created": _("Användaren skapades"),
    "tenancy.member.changed": _("Användarens roll eller enheter ändrades"),
    "tenancy.member.password_set": _("Användarens lösenord sattes"),
    "indicators.kolada.synced": _("Indikatorvärden hämtades från Kolada"),
    "indicators.kolada.settings_set": _("Kommunens Kolada-inställningar ändrades"),
    "indicators.indicator.kolada_linked": _("Indikatorns koppling till Kolada ändrades"),
    "documents.word_template.set": _("Kommunens Word-mall laddades upp"),
    "opendata.settings.set": _("Licensen eller kontaktpunkten för kommunens öppna data ändrades"),
    "followup.period.opened": _("Uppföljningsperioden öppnades för rapportering"),
    "followup.period.closed": _("Uppföljningsperioden stängdes"),
    "followup.period.reopened": _("Uppföljningsperioden öppnades igen"),
    "approvals.unit.sent": _("Enhetens rapporter skickades för godkännande"),
    "approvals.unit.approved": _("Enhetens rapporter godkändes"),
    "approvals.unit.returned": _("Enhetens rapporter returnerades för ändring"),
    "approvals.setting.changed": _("Kommunens krav på godkännande av rapporter ändrades"),
    "publishing.publication.published": _("Planen eller uppföljningen publicerades"),
    "publishing.publication.withdrawn": _("En publicering återkallades"),
    "reminders.period.reminded": _("Påminnelser om perioden skickades till rapportörerna"),
    # Security events: the object is the user (or, for an unknown user name, the name tried).
    "accounts.login.succeeded": _("Inloggning"),
    "accounts.login.failed": _("Misslyckad inloggning"),
    "accounts.login.locked_out": _("Inloggningen spärrades efter för många misslyckade försök"),
    "accounts.logout": _("Utloggning"),
    "accounts.session.expired": _("Sessionen avslutades: tidsgränsen passerades"),
    "accounts.password.changed": _("Användaren bytte sitt lösenord"),
    "accounts.superuser.created": _("En superanvändare skapades från kommandoraden"),
    "accounts.password.set_by_command": _("Lösenordet sattes från kommandoraden"),
    # Sign-in through the municipality's identity provider, and the second factor.
    "signin.oidc.configured": _("Kommunens identitetsleverantör ändrades"),
    "signin.oidc.signed_in": _("Inloggning via kommunens identitetsleverantör"),
    "signin.oidc.role_changed": _("Användarens roll eller enheter ändrades av grupperna vid inloggning"),
    "signin.oidc.refused": _("Inloggning via identitetsleverantören nekades"),
    "signin.policy.changed": _("Kommunens krav på tvåstegsverifiering ändrades"),
    "signin.totp.activated": _("Användaren slog på tvåstegsverifiering"),
    "signin.totp.deactivated": _("Användaren stängde av tvåstegsverifiering"),
    "signin.totp.verified": _("Engångskoden godtogs vid inloggning"),
    "signin.totp.failed": _("Fel engångskod vid inloggning"),
    # Changes made in Django's admin, to any registered model.
    "admin.object.created": _("Skapades i Djangos admin"),
    "admin.object.changed": _("Ändrades i Djangos admin"),
    "admin.object.deleted": _("Togs bort i Djangos admin"),
    "admin.user.password_set": _("Lösenordet sattes i Djangos admin"),
    # API tokens; a refused token is a security event (the object is the token, or what was tried).
    "api.token.created": _("En API-nyckel skapades"),
    "api.token.revoked": _("En API-nyckel återkallades"),
    "api.token.rejected": _("En API-nyckel avvisades"),
    "backup.municipality.exported": _("Kommunens data skrevs till en fil, med användarkonton"),
    "backup.municipality.imported": _("Kommunen lästes in från en fil"),
}


# The objects of a plan that its planning pages make, change, move and delete, by their names
# with the definite article: "Målet skapades", "Indikatorn flyttades".
PLANNED_OBJECTS = {
    "goals.goallevel": _("Målnivån"),
    "goals.goal": _("Målet"),
    "indicators.indicator": _("Indikatorn"),
    "activities.activity": _("Aktiviteten"),
    "assignments.assignment": _("Uppdraget"),
    "surveys.usersurvey": _("Undersökningen"),
    "meetings.meeting": _("Sammanträdet"),
    "meetings.budgetmilestone": _("Milstolpen i budgetprocessen"),
    "plans.plansection": _("Textavsnittet"),
    "economy.sectorbudget": _("Sektorns budget"),
    "economy.investmentproject": _("Investeringsprojektet"),
    "economy.investmenttotal": _("Investeringsplanens summa"),
}
VERBS = {
    "created": _("skapades"),
    "changed": _("ändrades"),
    "moved": _("flyttades"),
    "deleted": _("togs bort"),
}
for _object, _name in PLANNED_OBJECTS.items():
    for _verb, _done in VERBS.items():
        ACTION_LABELS.setdefault(f"{_object}.{_verb}", format_lazy("{} {}", _name, _done))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
