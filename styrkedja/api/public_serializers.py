"""The public endpoints' answers: a publication as listed, and its snapshot (version 1 of the
format in ``publishing.snapshot``). The snapshot is answered as stored; these serializers describe
it in the schema."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class _Named(serializers.Serializer):
    key = serializers.CharField(allow_blank=True)
    label = serializers.CharField(allow_blank=True)


class _Symbolled(_Named):
    symbol = serializers.CharField(allow_blank=True)


class _Board(serializers.Serializer):
    slug = serializers.CharField(allow_blank=True)
    name = serializers.CharField(allow_blank=True)


class _Municipality(serializers.Serializer):
    slug = serializers.CharField(allow_blank=True)
    name = serializers.CharField(allow_blank=True)


class _Plan(serializers.Serializer):
    board = _Board()
    year = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    budget_period = serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    decision = serializers.CharField(allow_blank=True)


class _Period(serializers.Serializer):
    code = serializers.CharField(allow_blank=True)
    name = serializers.CharField(allow_blank=True)
    ends_on = serializers.DateField()
    comment = serializers.CharField(allow_blank=True)


class _Level(serializers.Serializer):
    key = serializers.CharField(allow_blank=True)
    name = serializers.CharField(allow_blank=True)
    name_plural = serializers.CharField(allow_blank=True)
    depth = serializers.IntegerField()


class _ScaleStep(_Symbolled):
    counted = serializers.BooleanField()


class _ActivityCounts(serializers.Serializer):
    not_started = serializers.IntegerField()
    ongoing = serializers.IntegerField()
    done = serializers.IntegerField()
    not_reported = serializers.IntegerField()
    total = serializers.IntegerField()
    done_percent = serializers.IntegerField()


class _Summary(serializers.Serializer):
    sentence = serializers.CharField(allow_blank=True)
    assessment_sentence = serializers.CharField(allow_blank=True)
    assessments = serializers.DictField(help_text=_("Målens bedömningar räknade, totalt och per nivå."))
    activities = _ActivityCounts()


class _Section(serializers.Serializer):
    heading = serializers.CharField(allow_blank=True)
    body = serializers.CharField(allow_blank=True)


class _Unit(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    short_name = serializers.CharField(allow_blank=True)


class _Text(serializers.Serializer):
    label = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)


class _Sdg(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)


DECIMAL = _("Ett tal som text med punkt som decimaltecken, t.ex. ”72.5”, eller null.")


class _Value(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.CharField(allow_null=True, help_text=DECIMAL)
    nation = serializers.CharField(allow_null=True, help_text=DECIMAL)
    missing_reason = serializers.CharField(allow_blank=True)


class _Indicator(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    unit = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True)
    target = serializers.CharField(allow_blank=True)
    higher_is_better = serializers.BooleanField()
    status = _Named(allow_null=True)
    trend = _Named(allow_null=True)
    values = _Value(many=True)
    chart_html = serializers.CharField(
        allow_blank=True, help_text=_("Ett färdigt, tillgängligt diagram i HTML.")
    )


class _Activity(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    kind = serializers.CharField(allow_blank=True)
    kind_label = serializers.CharField(allow_blank=True)
    unit = serializers.IntegerField(allow_null=True)
    collaborators = serializers.CharField(allow_blank=True)
    status = _Named(allow_null=True)
    comment = serializers.CharField(allow_blank=True)
    planned_start = serializers.DateField(allow_null=True)
    planned_end = serializers.DateField(allow_null=True)


class _Goal(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField(allow_blank=True)
    number = serializers.CharField(allow_blank=True)
    heading = serializers.CharField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    level = serializers.CharField(allow_blank=True)
    depth = serializers.IntegerField()
    parent = serializers.IntegerField(allow_null=True)
    texts = _Text(many=True)
    unit = serializers.IntegerField(allow_null=True)
    sdgs = _Sdg(many=True)
    assessment = _Symbolled(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    analysis = serializers.CharField(allow_blank=True)
    actions = serializers.CharField(allow_blank=True)
    indicators = _Indicator(many=True)
    activities = _Activity(many=True)


class _Assignment(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    unit = serializers.IntegerField(allow_null=True)
    status = _Named(allow_null=True)
    comment = serializers.CharField(allow_blank=True)


class SnapshotSerializer(serializers.Serializer):
    """A plan or a follow-up as published: fixed at the moment of publication."""

    version = serializers.IntegerField(help_text=_("Formatets version, 1."))
    municipality = _Municipality()
    plan = _Plan()
    period = _Period(allow_null=True, help_text=_("null för planen själv."))
    levels = _Level(many=True)
    scale = _ScaleStep(many=True, help_text=_("Kommunens bedömningsskala, bästa steget först."))
    statuses = _Named(many=True)
    summary = _Summary(allow_null=True, help_text=_("Bara för en uppföljning; null för planen."))
    sections = _Section(many=True)
    units = _Unit(many=True)
    goals = _Goal(many=True, help_text=_("I trädets ordning: överordnade mål före sina undermål."))
    assignments = _Assignment(many=True)
    documents = serializers.ListField(
        child=serializers.CharField(allow_blank=True), help_text=_("Publicerade format: pdf, docx.")
    )


class PublicationLinksSerializer(serializers.Serializer):
    self = serializers.CharField(help_text=_("Publiceringens innehåll i API:t, som absolut adress."))
    page = serializers.CharField(help_text=_("Den publika webbsidan om planen eller uppföljningen."))
    pdf = serializers.CharField(help_text=_("Det publicerade dokumentet som PDF."))
    docx = serializers.CharField(help_text=_("Det publicerade dokumentet som Word."))


class PublicationPlanSerializer(serializers.Serializer):
    board = _Board()
    year = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)


class PublicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = PublicationPlanSerializer()
    edition = serializers.CharField(help_text=_("”plan”, eller periodens kod med små bokstäver, t.ex. ”t3”."))
    period = _Period(allow_null=True)
    published_at = serializers.DateTimeField()
    documents = serializers.ListField(child=serializers.CharField(allow_blank=True))
    links = PublicationLinksSerializer()


class PublicationDetailSerializer(PublicationSerializer):
    snapshot = SnapshotSerializer()
