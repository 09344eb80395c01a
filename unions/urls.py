app_name = "unions"

urlpatterns = []
