"""DynamoDB repositories: each takes its boto3 Table by keyword and speaks in records."""
