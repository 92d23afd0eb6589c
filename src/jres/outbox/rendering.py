"""E-mails rendered by the worker rather than in the request that asked for them.

Rendering a message (three templates, often an `.ics` attachment) costs more than the
change it tells about. A request that holds a lock, such as a registration holding its
event's row, stores only the recipients and what the message is about; the delivery task
renders it through a renderer registered here by name, keeps the result on the row, and
every later attempt sends exactly that.
"""

from collections.abc import Callable

from django.core.mail import EmailMultiAlternatives

Renderer = Callable[..., EmailMultiAlternatives]

_renderers: dict[str, Renderer] = {}


class UnknownRenderer(LookupError):
    pass


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    """Register the decorated function as the renderer called `name`.

    It receives the stored arguments (JSON values) as keyword arguments and returns the
    message; the outbox keeps its recipients, so the message's `to` is ignored.
    """

    def register(function: Renderer) -> Renderer:
        _renderers[name] = function
        return function

    return register


def render(name: str, arguments: dict) -> EmailMultiAlternatives:
    try:
        function = _renderers[name]
    except KeyError:
        raise UnknownRenderer(name) from None
    return function(**arguments)
