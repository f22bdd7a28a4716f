"""The versioned REST API (/api/v1/): one NinjaAPI, one router per app."""
