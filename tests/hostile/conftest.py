import pytest

from backend.notifications.smtp import get_mailer
from tests.notifications.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.seeded import seeded  # noqa: F401


@pytest.fixture(autouse=True)
def mail(app, smtp_server: SmtpServer) -> SmtpServer:  # noqa: F811
    """Invitations send their e-mail at once: a real SMTP server takes it."""
    app.dependency_overrides[get_mailer] = smtp_server.mailer
    return smtp_server
