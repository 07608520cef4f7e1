"""WhatsApp Cloud API with pywa 4, mounted on the service's FastAPI app.

`channel.WhatsAppChannel` verifies and stores every message of a webhook body before answering 200,
then lets pywa dispatch each one to the handlers in `handlers.py`; `messenger.WhatsAppMessenger`
sends what the outbox owes, as an approved template outside the 24-hour customer-service window.
"""
