//! `--trust-issuer`: a trusted OpenID provider's access tokens open the sandbox for the
//! partner their `tid` names; anything not signed by its keys, for another audience or
//! issuer, or expired by the sandbox's clock is refused with 401.
#![cfg(feature = "server")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is the failure report

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use procura_partner_center::http::Request;
use procura_sandbox::trust::TrustedIssuer;
use procura_sandbox::{seed, Config, MemoryStore, Sandbox, TokenVerifier};
use serde_json::json;

mod support;
use support::{temp_db, Server};

/// Test keys made for this file (openssl genpkey, RSA 2048): the issuer's, and a stranger's.
const ISSUER_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCd6Kk/nRaCvVsL
vCXJggqW9LqcsQnMDuUBtPZNLtA0T/B1Ic5C8MZnf9iFlr4QuxLBdsuc/ifZIULm
Wm98pm+QJT1p/jCHUgIYGUcl0ZKDNIM0aQcxxY2o3hc/zlzu4JPTVlNPzXz1h0Um
Xf6epXGbyyoBCW30qd+z0cvuG6SJctRw8bgjjYGxEGWZuaIDIYzENGi3eBydF/kU
btgH/wKJxe9mKQjaV2V4QyV1UNwEp8MpUGvjXBqNHFMq4X6WcxCBB6ZnSb8WqWhn
6aKPAMinHJGDBIl5n1s0qe3OffxEZg//DT+9jHdZVjJP1fed+wg3n4i9/LSAz6Pr
swVGSZqlAgMBAAECggEAHu/+eOAmEOdYdywdmyVHPdwk05479SbV50e1GdoaIKWo
zsoYxzS1KoH5wfKOumhsfEryCYgh9oB1wvvk698P7IXfSmzqxRhkIKSTM+2jbuFS
82nAZxf1cShSFcYwnvyQ+c7n87Km0NP30FSKFjsDzyo2yI04Zb8CfRCVi8kOq37t
I4NElQDhkLrm3qZkYTOxDyoJ/mBbmm7bm/ps8xBAheBD3LDx3D8jFiQgx0H6qjDH
FoBC4RqjRTvfj0x3X0C+P+aqatv6u+j6gUB1x8M3tegyqxXQVehh2VzroT8EggEm
aBXnsdWsKt5Ds2/ifdAh7c81YdOZ/M4V0ur3GaDx4QKBgQDNJzbP/bif0bDoVc8S
0N7WrcBJ0G289MTnTCqeXecfv3dFdDx9+I19mqzrBqr/0FmH8DAUQB8GangzaV34
lHnCkFqF1IoFBH9mpqdZx5Wo/GZXRFtK6WWxivReWIHpRO2xECrfSmea2UwWfD9X
n6RfE6mum6ed+cqgyp2X4De5rwKBgQDFC9XcVtlgfBLvwah3HqP2T1V5LA7M3EXe
r2xmsaVK0pXtJ+Yw+qarTyrnvi8nFkArcmZ+2QpFGte0/HL2OP/k0NZkVLwbNaiu
xQcg5i6u4Hc2gsI3ykT+ASP+1FtXZ1o3gvmrGgj9Bxa846BlV8Q+UMHzUJF2igx0
1XbXsdUJ6wKBgEfJwhd0LGfYg7Q5WrW121R6BoCN6+ikKkbZ00wJhfgJEt599zEJ
idF7D6lKcwoDSWEVPm3HplOjbB5pb5WttxHLW7HbFtT8puwvwv3aplc0w0ckR2Hm
XEyNWEevZv5OvXIpOydZrPl1sndn0O6DkYwnoEfWdggEwdAUNqNPtZBHAoGBAMDn
MEvQXmjdrrA3V5SeU4gL7LJ+llKqBmDWPfpfSWFxvcL5f5pNmCM3ktpizsimONYP
3hWqpyo1+By/1FAGR0YbyPdaGPlOU8AdNThZADTFnQ+pfTee9mHwfeu4u19a1/Bm
ccO27ju/19u9wEXWYVFcQDPSmUWCKmWqoPjSqKxXAoGBAIbuo6M5cg6XWIuvUAov
ghnyl6szuiBj6WxRGT7ZbAAOz7eY6RBzo7298V7P+M5L327gppPK6sia5kuefIV2
qRH68GwCS9EDR8vImFxxiCxXBjBma31JWUITRa5JAxWLy7x9Ong66bp/5Hz81kRC
PMn/ZwAroTRCF8lea4UNpOde
-----END PRIVATE KEY-----";
const OTHER_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7vZkKoVEOAOJX
QPzizOQTPgVpBjw4F4UHLf/G3EsAyRl/n37yZUXweBsFnE/ZztjGrdeQ4xvkRT8V
wK/L6uOVsOQy4LgB40BO4lv95FxkY6FmmoIsIdrvC0Ha4fwM3HPvAdYknfvL5PyW
W1coFtwfSr91V4iDvItB0deS0/+K0kHFyZCd8oaHrjFwzh/QTCHfHvoVciLK09AS
7W0Bya9yBcqzfkW3vqaXaOmOEyDjVIjc8d+VBrI9Av/pWJGZNiU2wcoQD1I2NnAI
NZvosCYX1WMabQ4VvyF7Wr8Re6cBVZS8Tp0S4nDc8n39hi7vJo6NawwqbWR7xKoY
gpEF4ZYPAgMBAAECggEACsalGd5mVyEg3MF1SOIm0ARWB8NP9VsQPsT0P5Dvpl6X
0Pxk+BSgPfjyE1F3pqvzQ5aN3xo4d+x4ZJvxqAkJW1NS13X2yd2/5Rpw2kySkXNd
VWGjMCJMI6VoEca5eQmCum8tQF8BdjoXoqlUG6mrcW/3N/NR+b6UP0jREI0l+uzh
ny/wu7QO7TKDyGH+yhT+bKCF8VYOLdZl+4eii9oSdY+m/xnJCnM46eJu/fAvkndY
0dGehikkmWnBCWZGTxnByTw5Yva6K5Dl6L9X8lWf6stAKMJ/uh03hxz3tfHR3qfA
hOtiMIuNaelkrrh9pCI1mH7ZjG1YRDBLFDg/Ngn4dQKBgQDmTYon7m5KHAXADOz7
dxON5Lzq2fdl0epb9hC69Fctj8Jb1BzhlhZ3yQTvKHWrPmPrauYTSqSVz0DBzTSJ
MMfWgUa5NQb39cRJdbncQJiZ1pYNaguxmhnM4doRReyBJ6b9Cbcba5wLhyWVtc6Q
F1XQaZ6p8qeZgCQT5gN0QkItgwKBgQDQsEsCw7O46JbdqHBbgFU9+fN5J6YGyNcC
bRHauQLSmBHdfcV2U6iz2F01U70cZPC301/v/kRHXEPh+yrrW3LMyXJ51IoP0jhv
e4ZrhAZvfK5zQgT6eGIOT6FGeWbizE7OzZv040vJ3hJrHta+jEIO2hlnkYlooqRm
Y2DRvDZ7hQKBgQCrkmiyhvazT10ZTofebz+qHhaAABJHULN//zlHjnDECK2LK+K4
TNBAPQnoAgRnpvtZjzIIfTtQQC7GMtJIwoaeT4EYyWB/qiCpeYMViyoksbDoHXDI
xz0hXcDPzX/8WEYXjP1U+D4weGaPufpBbqEHuyfxBE3IFabLDDjWi+YxcQKBgAVe
Y6+ghUEeirMNIEbaWFcN1Ruqz3ShOhbP44Oy+sWcL+l40NmocVCfIla63sSaPC8e
evtbmToUv5JSudnwMlXeYNmNhDe/+r+zd9PQQ7IejQZeDm67JhqkJcwAV4tCIkzj
sT1tk4eP9P1Yf8HLLe/f4INvlQ9iD8SqjdUXeHdZAoGARzCJyBu0aQCBWCbwxH2D
a8h+Y971YvdrdNADwH3MC9TSbKnpkXj0lO+tqsYjRnY7WWyn7um93mB2qVSm1y8X
3Lm/HEeY1P7wVT9+97NkIs8J5u43QGZUeEK3kgZOTNJk/6KKQbUpV1hoEjbyID9s
OgPIM4IJgxpBWHTp/7bXGhk=
-----END PRIVATE KEY-----";
const ISSUER_N: &str = "neipP50Wgr1bC7wlyYIKlvS6nLEJzA7lAbT2TS7QNE_wdSHOQvDGZ3_YhZa-ELsSwXbLnP4n2SFC5lpvfKZvkCU9af4wh1ICGBlHJdGSgzSDNGkHMcWNqN4XP85c7uCT01ZTT8189YdFJl3-nqVxm8sqAQlt9Knfs9HL7hukiXLUcPG4I42BsRBlmbmiAyGMxDRot3gcnRf5FG7YB_8CicXvZikI2ldleEMldVDcBKfDKVBr41wajRxTKuF-lnMQgQemZ0m_FqloZ-mijwDIpxyRgwSJeZ9bNKntzn38RGYP_w0_vYx3WVYyT9X3nfsIN5-Ivfy0gM-j67MFRkmapQ";

const ISSUER: &str = "http://127.0.0.1:9400/oidc";
const AUDIENCE: &str = "https://api.partnercenter.microsoft.com";
const NOW_MS: i64 = 1_790_000_000_000;

fn issuer() -> TrustedIssuer {
    let keys: JwkSet = serde_json::from_value(json!({"keys": [
        {"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig", "n": ISSUER_N, "e": "AQAB"}
    ]}))
    .unwrap();
    TrustedIssuer::new(ISSUER, AUDIENCE, keys)
}

fn token(claims: serde_json::Value, key: &str, alg: Algorithm) -> String {
    let mut header = Header::new(alg);
    header.kid = Some("k1".into());
    let key = match alg {
        Algorithm::HS256 => EncodingKey::from_secret(b"a shared secret"),
        _ => EncodingKey::from_rsa_pem(key.as_bytes()).unwrap(),
    };
    encode(&header, &claims, &key).unwrap()
}

fn claims() -> serde_json::Value {
    json!({
        "iss": ISSUER,
        "aud": AUDIENCE,
        "exp": NOW_MS / 1000 + 3600,
        "iat": NOW_MS / 1000,
        "sub": "partner-admin",
        "tid": seed::PARTNERS[0].id,
    })
}

fn with(mut c: serde_json::Value, key: &str, value: serde_json::Value) -> serde_json::Value {
    c[key] = value;
    c
}

#[test]
fn a_token_of_the_trusted_issuer_opens_the_sandbox_for_its_tenant() {
    let t = issuer();
    assert_eq!(t.partner(&token(claims(), ISSUER_KEY, Algorithm::RS256), NOW_MS), Ok(0));
    let nordljus = with(claims(), "tid", json!(seed::PARTNERS[1].id));
    assert_eq!(t.partner(&token(nordljus, ISSUER_KEY, Algorithm::RS256), NOW_MS), Ok(1));
    // Within the minute of leeway after expiry.
    let just = with(claims(), "exp", json!(NOW_MS / 1000 - 30));
    assert_eq!(t.partner(&token(just, ISSUER_KEY, Algorithm::RS256), NOW_MS), Ok(0));
}

#[test]
fn each_token_is_taken_only_by_its_own_host() {
    let t = issuer();
    let partner_center = token(claims(), ISSUER_KEY, Algorithm::RS256);
    let partner_api = token(
        with(claims(), "aud", json!(procura_partner_center::pricesheet::PARTNER_API)),
        ISSUER_KEY,
        Algorithm::RS256,
    );
    assert_eq!(t.partner_api(&partner_api, NOW_MS), Ok(0));
    assert!(t.partner_api(&partner_center, NOW_MS).is_err());
    assert!(t.partner(&partner_api, NOW_MS).is_err());
}

#[test]
fn anything_else_is_refused_with_the_reason() {
    let t = issuer();
    let refused = |c: serde_json::Value, key: &str, alg: Algorithm| {
        t.partner(&token(c, key, alg), NOW_MS).expect_err("refused")
    };
    let e = refused(
        with(claims(), "aud", json!("https://graph.microsoft.com")),
        ISSUER_KEY,
        Algorithm::RS256,
    );
    assert!(e.contains("udience"), "{e}");
    let e = refused(
        with(claims(), "iss", json!("https://elsewhere.example.com")),
        ISSUER_KEY,
        Algorithm::RS256,
    );
    assert!(e.contains("ssuer"), "{e}");
    let e =
        refused(with(claims(), "exp", json!(NOW_MS / 1000 - 120)), ISSUER_KEY, Algorithm::RS256);
    assert!(e.contains("expired"), "{e}");
    let e =
        refused(with(claims(), "nbf", json!(NOW_MS / 1000 + 600)), ISSUER_KEY, Algorithm::RS256);
    assert!(e.contains("not valid yet"), "{e}");
    let e = refused(
        with(claims(), "tid", json!("00000000-0000-0000-0000-000000000000")),
        ISSUER_KEY,
        Algorithm::RS256,
    );
    assert!(e.contains("not a sandbox partner"), "{e}");
    let mut no_tid = claims();
    no_tid.as_object_mut().unwrap().remove("tid");
    assert!(refused(no_tid, ISSUER_KEY, Algorithm::RS256).contains("tid"));
    // Signed by another key under the issuer's key id; a symmetric algorithm; not a JWT.
    assert!(refused(claims(), OTHER_KEY, Algorithm::RS256).contains("ignature"));
    assert!(refused(claims(), ISSUER_KEY, Algorithm::HS256).contains("not accepted"));
    assert!(t.partner("sandbox-partner-nope", NOW_MS).unwrap_err().contains("not a JWT"));
}

#[test]
fn the_handler_takes_trusted_tokens_beside_the_development_ones() {
    let mut sandbox = Sandbox::new(Config::default()).with_verifier(Box::new(issuer()));
    let mut store = MemoryStore::default();
    let mut get = |bearer: &str| {
        let req = Request::new("GET", "/v1/customers")
            .header("Authorization", &format!("Bearer {bearer}"));
        sandbox.handle(&mut store, &req, NOW_MS)
    };
    let ok = get(&token(claims(), ISSUER_KEY, Algorithm::RS256));
    assert_eq!(ok.status, 200);
    assert!(String::from_utf8_lossy(&ok.body).contains("Hokusai Precision Manufacturing"));
    assert_eq!(get("sandbox-partner-sakura").status, 200, "the well-known tokens still work");
    let expired = get(&token(
        with(claims(), "exp", json!(NOW_MS / 1000 - 3600)),
        ISSUER_KEY,
        Algorithm::RS256,
    ));
    assert_eq!(expired.status, 401);
    assert!(String::from_utf8_lossy(&expired.body).contains("expired"));
    assert!(expired.get_header("WWW-Authenticate").is_some());
}

/// A stand-in OpenID provider on loopback: its discovery document and its keys.
fn provider() -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let issuer = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            let mut reader = BufReader::new(&stream);
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            while let Ok(n) = reader.read_line(&mut String::new()) {
                if n <= 2 {
                    break;
                }
            }
            let body = if line.contains("/.well-known/openid-configuration") {
                json!({"issuer": issuer, "jwks_uri": format!("{issuer}/jwks")}).to_string()
            } else {
                json!({"keys": [{"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig", "n": ISSUER_N, "e": "AQAB"}]}).to_string()
            };
            let mut s = &stream;
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

#[test]
fn the_server_reads_the_issuers_keys_at_start_and_takes_its_tokens() {
    let issuer = provider();
    let server = Server::start(&temp_db("trust"), &["--trust-issuer", &issuer]);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
        as i64;
    let fresh =
        json!({"iss": issuer, "aud": AUDIENCE, "exp": now + 600, "tid": seed::PARTNERS[1].id});
    let mut c = server.conn();
    let auth = format!("Bearer {}", token(fresh.clone(), ISSUER_KEY, Algorithm::RS256));
    let r = c.send("GET", "/v1/customers", &[("Authorization", &auth)], b"").unwrap();
    assert_eq!(r.status, 200);
    assert!(String::from_utf8_lossy(&r.body).contains("Uppsala"), "Nordljus's customers");
    let stale = with(fresh.clone(), "exp", json!(now - 600));
    let auth = format!("Bearer {}", token(stale, ISSUER_KEY, Algorithm::RS256));
    assert_eq!(
        c.send("GET", "/v1/customers", &[("Authorization", &auth)], b"").unwrap().status,
        401
    );
    let other = with(fresh, "aud", json!("api://someone-else"));
    let auth = format!("Bearer {}", token(other, ISSUER_KEY, Algorithm::RS256));
    assert_eq!(
        c.send("GET", "/v1/customers", &[("Authorization", &auth)], b"").unwrap().status,
        401
    );
    server.stop();
}
