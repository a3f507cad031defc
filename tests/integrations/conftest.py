from tests.integrations.test_webhooks import receiver

__all__ = ["receiver"]
