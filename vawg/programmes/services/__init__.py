"""Services of the programmes app, one module per part (programmes and referrals, partner support, Drive)."""

from vawg.programmes.services.referrals import programme_referral_create, programme_referral_transition

__all__ = ["programme_referral_create", "programme_referral_transition"]
