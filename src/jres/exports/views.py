from django.http import Http404
from django.views.decorators.http import require_safe

from jres.core.access import staff_required


@staff_required
@require_safe
def data_list(request, kind: str):
    raise Http404
