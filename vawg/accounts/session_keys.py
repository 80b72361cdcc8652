"""Names of the values the staff session holds (vawg/accounts/middleware.py reads them)."""

# When the user completed sign-in (password and TOTP), as a POSIX timestamp: absolute timeout.
AUTH_AT_KEY = "vawg_auth_at"
# When the user last made a request, as a POSIX timestamp: idle timeout.
LAST_SEEN_KEY = "vawg_last_seen"
# A password-checked user waiting for the TOTP step: {"user_id": ..., "at": timestamp}.
PENDING_MFA_KEY = "vawg_pending_mfa"
# When the user last entered a code from their authenticator app (at sign-in or to confirm it is them),
# as a POSIX timestamp: revealing contact details, break-glass and downloads of personal data need a
# recent one (vawg.accounts.signin.require_recent_code).
CODE_AT_KEY = "vawg_code_at"
