//! Why a sign-in or a renewal did not work, and what the partner should do, in their words.
//! Entra ID names its reasons in `error` (OAuth 2.0) and, more precisely, with an `AADSTS`
//! code at the start of `error_description`; both are read.

use super::config::ConfigError;
use crate::i18n::Messages;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthFailure {
    /// The authority refused, in its own words.
    Authority {
        error: String,
        description: String,
    },
    /// The answer is not for the sign-in this tab started.
    StateMismatch,
    /// The ID token is not for this sign-in.
    NonceMismatch,
    /// The ID token is missing or not for this app, this authority or this time.
    IdToken,
    /// The token endpoint's answer could not be read.
    Unreadable,
    /// The authority's discovery document could not be read or names unusable endpoints.
    Discovery,
    Network,
    /// No renewal is possible (no refresh token): sign in again.
    SignInNeeded,
    NotConfigured(ConfigError),
    /// The browser would not keep the sign-in's record for its return: nothing was sent.
    NotSaved,
}

/// What the partner is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The tenant's administrator has not consented to the Partner Center permission.
    ConsentMissing,
    /// Partner Center needs multifactor authentication for this sign-in.
    MfaRequired,
    /// The account is not of the tenant the app is registered in (or the app not in it).
    WrongTenant,
    /// The session is over (or a silent attempt found none): sign in.
    SignInNeeded,
    /// The partner cancelled at the sign-in page.
    Cancelled,
    /// The answer did not belong to this sign-in (a stale tab, a replay): start again.
    Mismatch,
    /// The authority could not be reached or answered something unreadable.
    Unavailable,
    /// Sign-in is not set up (no authority or client id).
    NotConfigured,
    /// This browser's storage refused the sign-in's record.
    NotSaved,
    Other,
}

impl AuthFailure {
    pub fn reason(&self) -> Reason {
        match self {
            AuthFailure::Authority { error, description } => {
                let aadsts = |codes: &[&str]| codes.iter().any(|c| description.contains(c));
                if error == "consent_required" || aadsts(&["AADSTS65001", "AADSTS90094"]) {
                    Reason::ConsentMissing
                } else if aadsts(&["AADSTS50076", "AADSTS50079", "AADSTS50072", "AADSTS50074"]) {
                    Reason::MfaRequired
                } else if aadsts(&["AADSTS50020", "AADSTS700016", "AADSTS90072", "AADSTS90002"])
                    || error == "invalid_tenant"
                {
                    Reason::WrongTenant
                } else if matches!(
                    error.as_str(),
                    "login_required" | "interaction_required" | "invalid_grant"
                ) {
                    Reason::SignInNeeded
                } else if error == "access_denied" {
                    Reason::Cancelled
                } else {
                    Reason::Other
                }
            }
            AuthFailure::StateMismatch | AuthFailure::NonceMismatch => Reason::Mismatch,
            AuthFailure::IdToken | AuthFailure::Unreadable | AuthFailure::Discovery => {
                Reason::Unavailable
            }
            AuthFailure::Network => Reason::Unavailable,
            AuthFailure::SignInNeeded => Reason::SignInNeeded,
            AuthFailure::NotConfigured(_) => Reason::NotConfigured,
            AuthFailure::NotSaved => Reason::NotSaved,
        }
    }

    /// What to tell the partner.
    pub fn message(&self, m: &'static Messages) -> &'static str {
        match self.reason() {
            Reason::ConsentMissing => m.auth_consent_missing,
            Reason::MfaRequired => m.auth_mfa_required,
            Reason::WrongTenant => m.auth_wrong_tenant,
            Reason::SignInNeeded => m.auth_sign_in_needed,
            Reason::Cancelled => m.auth_cancelled,
            Reason::Mismatch => m.auth_mismatch,
            Reason::Unavailable => m.auth_unavailable,
            Reason::NotConfigured => m.auth_not_configured,
            Reason::NotSaved => m.auth_not_saved,
            Reason::Other => m.auth_other,
        }
    }

    /// The authority's own words, to quote to support.
    pub fn detail(&self) -> Option<String> {
        match self {
            AuthFailure::Authority { error, description } if description.is_empty() => {
                Some(error.clone())
            }
            AuthFailure::Authority { error, description } => {
                Some(format!("{error}: {}", description.chars().take(300).collect::<String>()))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    fn refused(error: &str, description: &str) -> AuthFailure {
        AuthFailure::Authority { error: error.into(), description: description.into() }
    }

    #[test]
    fn entra_ids_reasons_are_told_apart() {
        let cases = [
            (refused("consent_required", ""), Reason::ConsentMissing),
            (refused("invalid_client", "AADSTS65001: The user or administrator has not consented to use the application"), Reason::ConsentMissing),
            (refused("interaction_required", "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication"), Reason::MfaRequired),
            (refused("invalid_request", "AADSTS50020: User account from identity provider does not exist in tenant"), Reason::WrongTenant),
            (refused("unauthorized_client", "AADSTS700016: Application with identifier was not found in the directory"), Reason::WrongTenant),
            (refused("login_required", "AADSTS50058: A silent sign-in request was sent but no user is signed in."), Reason::SignInNeeded),
            (refused("invalid_grant", "AADSTS700084: The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime"), Reason::SignInNeeded),
            (refused("access_denied", "the user canceled"), Reason::Cancelled),
            (refused("server_error", ""), Reason::Other),
            (AuthFailure::StateMismatch, Reason::Mismatch),
            (AuthFailure::Network, Reason::Unavailable),
        ];
        for (failure, reason) in cases {
            assert_eq!(failure.reason(), reason, "{failure:?}");
        }
    }

    #[test]
    fn every_reason_is_explained_in_every_language() {
        let all = [
            refused("consent_required", ""),
            refused("x", "AADSTS50076"),
            refused("x", "AADSTS50020"),
            refused("login_required", ""),
            refused("access_denied", ""),
            AuthFailure::StateMismatch,
            AuthFailure::Network,
            AuthFailure::NotConfigured(ConfigError::Authority),
            AuthFailure::NotSaved,
            refused("server_error", ""),
        ];
        for l in Locale::ALL {
            let texts: Vec<&str> = all.iter().map(|f| f.message(l.messages())).collect();
            let mut unique = texts.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), texts.len(), "{l:?}: one message per reason");
            assert!(texts.iter().all(|t| !t.is_empty() && !t.contains('{')), "{l:?}");
        }
        assert_eq!(
            refused("invalid_request", "AADSTS50020: not in tenant").detail().as_deref(),
            Some("invalid_request: AADSTS50020: not in tenant")
        );
    }
}
