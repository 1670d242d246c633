"""The edges to AWS and the network: SES mail, SNS SMS, the SQS outbox, CloudWatch metrics, Open-Meteo."""
