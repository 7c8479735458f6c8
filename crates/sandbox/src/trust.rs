//! Access tokens from a trusted OpenID provider (`procura-sandbox --trust-issuer URL`), so the
//! app's real sign-in can be tested against the sandbox: a JWT whose signature checks out
//! against the issuer's published keys (jsonwebtoken, RustCrypto backend), whose issuer and
//! audience are the expected ones and which has not expired by the sandbox's clock. Its
//! tenant claim (`tid`, as Entra ID sends) names the partner: a seeded partner's id is its
//! tenant. Pure: the keys are fetched by the server (`bin/`), the clock is passed in.

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use crate::{seed, TokenVerifier};

/// Signature algorithms accepted: asymmetric only, so a key the issuer publishes can only
/// verify, never sign.
const ALGORITHMS: [Algorithm; 6] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::ES256,
    Algorithm::ES384,
];

/// Clock skew allowed on `exp` and `nbf`, in seconds.
const LEEWAY_S: i64 = 60;

pub struct TrustedIssuer {
    pub issuer: String,
    pub audience: String,
    keys: JwkSet,
}

#[derive(Deserialize)]
struct Claims {
    exp: i64,
    #[serde(default)]
    nbf: Option<i64>,
    #[serde(default)]
    tid: Option<String>,
}

impl TrustedIssuer {
    pub fn new(issuer: impl Into<String>, audience: impl Into<String>, keys: JwkSet) -> Self {
        TrustedIssuer { issuer: issuer.into(), audience: audience.into(), keys }
    }

    fn key_for(&self, token: &str) -> Result<(Algorithm, DecodingKey), String> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| format!("not a JWT ({e})"))?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(format!("the algorithm {:?} is not accepted", header.alg));
        }
        let jwk = match &header.kid {
            Some(kid) => self.keys.find(kid),
            None => self.keys.keys.first(),
        }
        .ok_or("no published key of the issuer signed it")?;
        let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("unusable key ({e})"))?;
        Ok((header.alg, key))
    }
}

impl TokenVerifier for TrustedIssuer {
    fn partner(&self, token: &str, now_ms: i64) -> Result<usize, String> {
        self.check(token, now_ms, &self.audience)
    }

    fn partner_api(&self, token: &str, now_ms: i64) -> Result<usize, String> {
        self.check(token, now_ms, procura_partner_center::pricesheet::PARTNER_API)
    }
}

impl TrustedIssuer {
    fn check(&self, token: &str, now_ms: i64, audience: &str) -> Result<usize, String> {
        let (alg, key) = self.key_for(token)?;
        let mut v = Validation::new(alg);
        v.set_issuer(&[&self.issuer]);
        v.set_audience(&[audience]);
        v.set_required_spec_claims(&["exp", "iss", "aud"]);
        // Expiry by the sandbox's clock, below, not the machine's.
        v.validate_exp = false;
        v.validate_nbf = false;
        let claims =
            jsonwebtoken::decode::<Claims>(token, &key, &v).map_err(|e| format!("{e}"))?.claims;
        let now = now_ms.div_euclid(1000);
        if claims.exp.saturating_add(LEEWAY_S) < now {
            return Err("it has expired".into());
        }
        if claims.nbf.is_some_and(|nbf| nbf.saturating_sub(LEEWAY_S) > now) {
            return Err("it is not valid yet".into());
        }
        let tenant = claims.tid.ok_or("it names no tenant (tid)")?;
        seed::PARTNERS
            .iter()
            .position(|p| p.id.eq_ignore_ascii_case(&tenant))
            .ok_or_else(|| format!("the tenant {tenant} is not a sandbox partner"))
    }
}
