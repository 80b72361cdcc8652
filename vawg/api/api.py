from ninja import NinjaAPI

api = NinjaAPI(title="VAWG partnership platform API", version="1")
