# Client registration against auth-server's admin API (docs/services/auth-server.md).
#   make register-client CLIENT_ID=pos-m_5812_0913-t3 SECRET=change-me-please \
#        SCOPES="payments:write payments:read" MERCHANT=m_5812_0913 [TIER=standard]
# The admin token comes from ADMIN_CLIENT_ID / ADMIN_SECRET (the dev stack's admin client).
AUTH_URL        ?= http://127.0.0.1:9000
ADMIN_CLIENT_ID ?= paystream-admin
ADMIN_SECRET    ?= $(or $(PAYSTREAM_ADMIN_SECRET),dev-admin-secret)
TIER            ?= standard

.PHONY: register-client

## register-client: register an OAuth2 client (CLIENT_ID, SECRET, SCOPES, MERCHANT, TIER) via the admin API
register-client:
	@test -n "$(CLIENT_ID)" -a -n "$(SECRET)" -a -n "$(SCOPES)" || \
	  { echo 'usage: make register-client CLIENT_ID=.. SECRET=.. SCOPES="payments:write payments:read" [MERCHANT=..] [TIER=standard]'; exit 2; }
	@token=$$(curl -sf -u '$(ADMIN_CLIENT_ID):$(ADMIN_SECRET)' -d grant_type=client_credentials -d scope=admin \
	    '$(AUTH_URL)/oauth2/token' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'); \
	  test -n "$$token" || { echo "could not get an admin token from $(AUTH_URL)"; exit 1; }; \
	  scopes=$$(printf '"%s",' $(SCOPES) | sed 's/,$$//'); \
	  merchant=$$(test -n "$(MERCHANT)" && printf ',"merchantId":"%s"' '$(MERCHANT)'); \
	  curl -s -w '\nHTTP %{http_code}\n' -H "Authorization: Bearer $$token" -H 'Content-Type: application/json' \
	    -d "{\"clientId\":\"$(CLIENT_ID)\",\"clientSecret\":\"$(SECRET)\",\"scopes\":[$$scopes],\"tier\":\"$(TIER)\"$$merchant}" \
	    '$(AUTH_URL)/admin/clients'
