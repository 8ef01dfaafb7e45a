// Publishing event envelopes: to the EventBridge bus on AWS, to the local webhook subscriber on the local server.
export { busEntry, busEvent, eventDetail, eventSource, type BusEvent, type EventDetail } from './envelope.js'
export { createBusPublisher, type BusPublisher, type EventBridgeLike } from './bus.js'
export { createPublisherHandler, type PublisherHandler } from './streamHandler.js'
export { createWebhookSubscriber, type WebhookOptions, type WebhookSubscriber } from './webhook.js'
export { fileDeliveryLog, DELIVERY_LOG_FILE, type DeliveryLog, type DeliveryRecord } from './deliveryLog.js'
export { startLocalWebhook, WEBHOOK_CONSUMER, type LocalWebhook } from './local.js'
