"""The collaboration a planning form writes into.

Most coordinators plan for one collaboration: then there is nothing to choose and the field
leaves the page. A coordinator of several chooses among only those. The premises, operation
and import forms all work this way; each names the field in its own words.
"""

from agencies.models import Collaboration


class CollaborationChoice:
    """For a form with a `collaboration` ModelChoiceField."""

    def offer_collaborations(self, collaboration_ids):
        ids = sorted(collaboration_ids)
        self._only_collaboration_id = ids[0] if len(ids) == 1 else None
        if self._only_collaboration_id is not None:
            del self.fields["collaboration"]
        else:
            self.fields["collaboration"].queryset = Collaboration.objects.filter(pk__in=ids).order_by("name")

    def chosen_collaboration(self):
        if self._only_collaboration_id is not None:
            return Collaboration.objects.get(pk=self._only_collaboration_id)
        return self.cleaned_data.get("collaboration")
