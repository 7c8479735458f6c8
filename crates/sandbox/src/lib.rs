//! A Partner-Center-compatible sandbox: one pure request handler (method, path, query,
//! headers, body -> status, headers, body) over a [`Store`], with the time passed in. No I/O
//! in here: the app calls it in-process (its default transport), and `procura-sandbox` wraps
//! it in an HTTP server with SQLite.
//!
//! It behaves like Partner Center, not like a happy path: its error bodies and codes, the
//! same purchase rules as the app (`procura-rules`), the order resource's 500 requests per
//! minute per tenant, new orders missing from the list for 15 minutes, bearer tokens, and
//! partners isolated from each other.

mod carts;
mod catalog;
mod customers;
mod ids;
mod invoices;
#[cfg(feature = "server")]
pub mod loopback;
mod orders;
mod pricesheets;
mod pricing;
mod request_ids;
pub mod seed;
#[cfg(feature = "server")]
pub mod sqlite;
mod statement;
pub mod store;
#[cfg(feature = "server")]
pub mod trust;

use procura_partner_center::codes;
use procura_rules::TokenBucket;
use serde::Serialize;

use procura_partner_center::http::{self, Request, Response};
pub use store::{Journal, MemoryStore, Store, StoreError};

/// Timings of the sandbox world, in milliseconds of the injected clock.
#[derive(Clone, Debug)]
pub struct Config {
    /// A new order appears in the customer's order list only after this long (documented:
    /// up to 15 minutes); GET by id works at once.
    pub order_list_delay_ms: i64,
    /// An order's lines go from pending to fulfilled after this long.
    pub fulfillment_delay_ms: i64,
    /// A subscription registration goes from `registering` to `registered` after this long.
    pub registration_delay_ms: i64,
    /// The order resource's limit per partner tenant per minute (Partner Center: 500).
    pub order_requests_per_minute: u32,
    /// The integration sandbox's limits (test-and-debug.md): 25 licences per subscription,
    /// 5 subscriptions per customer, 2 reserved VM instances per customer.
    pub sandbox_limits: bool,
    /// A second checkout of a cart is refused with 800065 (`error-codes.md`) instead of
    /// answered with the first checkout's result (`checkout-a-cart.md`, the default).
    pub refuse_second_checkout: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            order_list_delay_ms: 15 * 60_000,
            fulfillment_delay_ms: 60_000,
            registration_delay_ms: 30_000,
            order_requests_per_minute: 500,
            sandbox_limits: true,
            refuse_second_checkout: false,
        }
    }
}

/// Tells which partner a bearer token is for, for tokens other than the well-known
/// development ones (a trusted issuer's JWTs: `trust::TrustedIssuer`, in the server).
/// 9000-01-01T00:00:00Z: the latest clock the sandbox takes.
pub const MAX_NOW_MS: i64 = 221_845_392_000_000;

pub trait TokenVerifier: Send + Sync {
    /// The seeded partner the token is for, or why it is refused. `now_ms` is the
    /// sandbox's clock (expiry is judged by it).
    fn partner(&self, token: &str, now_ms: i64) -> Result<usize, String>;
    /// The same for a token of the Partner API (price sheets), whose audience is that host:
    /// the app holds the two tokens apart, and the sandbox takes each only where it belongs.
    fn partner_api(&self, token: &str, now_ms: i64) -> Result<usize, String>;
}

pub struct Sandbox {
    pub config: Config,
    /// The order resource's limit, per partner tenant.
    buckets: Vec<Option<TokenBucket>>,
    verifier: Option<Box<dyn TokenVerifier>>,
}

/// What a route handler sees.
pub(crate) struct Ctx<'a> {
    pub partner: usize,
    store: &'a mut dyn Store,
    pub req: &'a Request,
    pub now: i64,
    pub config: &'a Config,
    /// The first store failure (or unreadable record) met: the request then answers 500,
    /// whatever the handler made of the missing value, and the server rolls it back.
    fault: std::cell::RefCell<Option<String>>,
}

impl Ctx<'_> {
    /// Store key in this partner's namespace.
    pub fn key(&self, rest: &str) -> String {
        format!("p{}/{rest}", self.partner)
    }

    fn fail(&self, why: String) {
        self.fault.borrow_mut().get_or_insert(why);
    }

    /// The record at `rest`, if there is one. A failed read or a record that no longer
    /// parses is a fault (the request answers 500), not an absence.
    pub fn load<T: serde::de::DeserializeOwned>(&self, rest: &str) -> Option<T> {
        let key = self.key(rest);
        match self.store.get(&key) {
            Ok(None) => None,
            Ok(Some(text)) => self.parse(&key, &text),
            Err(e) => {
                self.fail(format!("the store could not read {key}: {e}"));
                None
            }
        }
    }

    /// Every record under `rest`, in key order; with the same faults as [`Ctx::load`].
    pub fn load_all<T: serde::de::DeserializeOwned>(&self, rest: &str) -> Vec<T> {
        let prefix = self.key(rest);
        let rows = self.store.scan(&prefix).unwrap_or_else(|e| {
            self.fail(format!("the store could not read {prefix}: {e}"));
            Vec::new()
        });
        rows.into_iter().filter_map(|(key, text)| self.parse(&key, &text)).collect()
    }

    /// A stored record, or a fault if it no longer parses.
    fn parse<T: serde::de::DeserializeOwned>(&self, key: &str, text: &str) -> Option<T> {
        serde_json::from_str(text)
            .map_err(|e| self.fail(format!("the record {key} cannot be read: {e}")))
            .ok()
    }

    pub fn save<T: Serialize>(&mut self, rest: &str, value: &T) {
        let key = self.key(rest);
        let text = serde_json::to_string(value).unwrap_or_default();
        if let Err(e) = self.store.put(&key, text) {
            self.fail(format!("the store could not write {key}: {e}"));
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        self.req
            .get_header(procura_partner_center::headers::REQUEST_ID)
            .filter(|s| !s.trim().is_empty())
    }
}

impl Sandbox {
    pub fn new(config: Config) -> Sandbox {
        Sandbox { config, buckets: vec![None; seed::PARTNERS.len()], verifier: None }
    }

    /// Also accepts the tokens `verifier` vouches for.
    pub fn with_verifier(mut self, verifier: Box<dyn TokenVerifier>) -> Sandbox {
        self.verifier = Some(verifier);
        self
    }

    /// Answers one request. `now_ms` is the clock (milliseconds since the Unix epoch), taken
    /// within 1970 to 9000 so that a term or a delay added to it neither overflows nor leaves
    /// the four-digit years a timestamp is written with.
    pub fn handle(&mut self, store: &mut dyn Store, req: &Request, now_ms: i64) -> Response {
        let now_ms = now_ms.clamp(0, MAX_NOW_MS);
        let mut resp = self.route(store, req, now_ms);
        for h in [
            procura_partner_center::headers::REQUEST_ID,
            procura_partner_center::headers::CORRELATION_ID,
        ] {
            if let Some(v) = req.get_header(h) {
                resp = resp.with_header(h, v);
            }
        }
        resp
    }

    fn route(&mut self, store: &mut dyn Store, req: &Request, now: i64) -> Response {
        let segments: Vec<String> =
            req.path.split('/').filter(|s| !s.is_empty()).map(http::decode).collect();
        if segments.first().map(String::as_str) == Some("sandbox") {
            return match (req.method.as_str(), &segments[1..]) {
                ("GET", [p]) if p == "partners" => partners_listing(),
                ("GET", [p, market, view]) if p == "pricelists" && view == "software" => {
                    pricesheets::software_list(market, now)
                }
                _ => Response::error(404, codes::NOT_FOUND, "No such sandbox resource."),
            };
        }
        // `/v1/` is Partner Center's host; `/v1.0/` the Partner API's (price sheets), which
        // the sandbox plays too, with the same tokens.
        let partner_api = segments.first().map(String::as_str) == Some("v1.0");
        if segments.first().map(String::as_str) != Some("v1") && !partner_api {
            return Response::error(404, codes::NOT_FOUND, "Partner Center paths start with /v1.");
        }
        let segments = &segments[1..];

        let token = req
            .get_header("Authorization")
            .and_then(|a| a.strip_prefix("Bearer ").or_else(|| a.strip_prefix("bearer ")))
            .map(str::trim);
        let partner = match (token, &self.verifier) {
            (None, _) => Err("The partner token is missing.".to_string()),
            (Some(t), verifier) => match (seed::partner_by_token(t), verifier) {
                (Some(p), _) => Ok(p),
                (None, Some(v)) => {
                    let verdict =
                        if partner_api { v.partner_api(t, now) } else { v.partner(t, now) };
                    verdict.map_err(|why| format!("The token was refused: {why}"))
                }
                (None, None) => Err("The partner token is not valid.".to_string()),
            },
        };
        let partner = match partner {
            Ok(p) => p,
            Err(why) => {
                return Response::error(401, codes::TOKEN_MISSING, why)
                    .with_header("WWW-Authenticate", "OAuth realm=urn:cpsvc:cpid:procura-sandbox")
            }
        };

        if procura_partner_center::paths::is_order_resource(segments) {
            let per_minute = self.config.order_requests_per_minute;
            let bucket = self.buckets[partner]
                .get_or_insert_with(|| TokenBucket::new(per_minute, 60_000, now.max(0) as u64));
            if let Err(wait_ms) = bucket.try_take(now.max(0) as u64) {
                return Response::throttled(wait_ms.div_ceil(1000).max(1));
            }
        }

        let mut ctx =
            Ctx { partner, store, req, now, config: &self.config, fault: Default::default() };
        let resp = if partner_api {
            Self::dispatch_partner_api(&ctx, segments)
        } else {
            Self::dispatch(&mut ctx, segments)
        };
        match ctx.fault.into_inner() {
            None => resp,
            Some(why) => Response::error(
                500,
                codes::SERVICE_ERROR,
                format!("The sandbox could not use its records ({why}); nothing was changed. Try again."),
            ),
        }
    }

    fn dispatch_partner_api(ctx: &Ctx<'_>, segments: &[String]) -> Response {
        match (ctx.req.method.as_str(), segments) {
            ("GET", [sales, sheet, value]) if sales == "sales" && value == "$value" => {
                pricesheets::get(ctx, sheet)
            }
            _ => Response::error(
                404,
                codes::NOT_FOUND,
                format!("No resource at {} {}.", ctx.req.method, ctx.req.path),
            ),
        }
    }

    fn dispatch(ctx: &mut Ctx<'_>, segments: &[String]) -> Response {
        let req = ctx.req;
        let s: Vec<&str> = segments.iter().map(String::as_str).collect();
        match (req.method.as_str(), s.as_slice()) {
            ("GET", ["products"]) => catalog::products(ctx),
            ("GET", ["products", p]) => catalog::product(ctx, p),
            ("GET", ["products", p, "skus"]) => catalog::skus(ctx, p),
            ("GET", ["products", p, "skus", k]) => catalog::sku(ctx, p, k),
            ("GET", ["products", p, "skus", k, "availabilities"]) => {
                catalog::availabilities(ctx, p, k, None)
            }
            ("GET", ["products", p, "skus", k, "availabilities", a]) => {
                catalog::availability(ctx, p, k, a, None)
            }
            ("GET", ["offers", o, "addons"]) => catalog::offer_addons(ctx, o),
            ("POST", ["extensions", "product", inv])
                if inv.eq_ignore_ascii_case("checkinventory") =>
            {
                catalog::check_inventory(ctx)
            }

            ("GET", ["customers"]) => customers::list(ctx),
            ("GET", ["customers", c]) => customers::get(ctx, c),
            ("GET", ["customers", c, rest @ ..]) if matches!(rest.first(), Some(&"products")) => {
                match customers::find(ctx, c) {
                    Some(cust) => catalog::for_customer(ctx, cust, &rest[1..]),
                    None => customers::not_found(),
                }
            }
            ("GET", ["customers", c, "subscriptions"]) => customers::subscriptions(ctx, c),
            ("GET", ["customers", c, "subscriptions", sub]) => customers::subscription(ctx, c, sub),
            ("POST", ["customers", c, "subscriptions", sub, "registrations"]) => {
                customers::register(ctx, c, sub)
            }
            ("GET", ["customers", c, "subscriptions", sub, "registrationstatus"]) => {
                customers::registration_status(ctx, c, sub)
            }

            ("POST", ["customers", c, "carts"]) => carts::create(ctx, c),
            ("GET", ["customers", c, "carts", id]) => carts::get(ctx, c, id),
            ("PUT", ["customers", c, "carts", id]) => carts::update(ctx, c, id),
            ("POST", ["customers", c, "carts", id, "checkout"]) => carts::checkout(ctx, c, id),

            ("GET", ["customers", c, "orders"]) => orders::list(ctx, c),
            ("POST", ["customers", c, "orders"]) => orders::create(ctx, c),
            ("GET", ["customers", c, "orders", id]) => orders::get(ctx, c, id),
            ("PATCH", ["customers", c, "orders", id]) => orders::patch(ctx, c, id),
            ("GET", ["customers", c, "orders", id, "provisioningstatus"]) => {
                orders::provisioning_status(ctx, c, id)
            }
            ("GET", ["customers", c, "entitlements"]) => orders::entitlements(ctx, c),
            (
                "GET",
                ["customers", c, "artifacts", t, "groups", g, "lineitems", l, "resource", r],
                // `virtualmachinereservedinstance` is the pre-SDK-1.9 name of the same resource.
            ) if t.eq_ignore_ascii_case("reservedinstance")
                || t.eq_ignore_ascii_case("virtualmachinereservedinstance") =>
            {
                orders::artifact(ctx, c, g, l, r)
            }

            ("GET", ["invoices", "summary"]) => invoices::balance(ctx),
            ("GET", ["invoices", "summaries"]) => invoices::summaries(ctx),
            ("GET", ["invoices", "unbilled", "lineitems"]) => invoices::unbilled_line_items(ctx),
            ("GET", ["invoices"]) => invoices::list(ctx),
            ("GET", ["invoices", id]) => invoices::get(ctx, id),
            ("GET", ["invoices", id, "lineitems", ..]) => invoices::line_items(ctx, id),
            ("GET", ["invoices", id, "documents", "statement"]) => invoices::statement(ctx, id),

            (_, _) => Response::error(
                404,
                codes::NOT_FOUND,
                format!("No resource at {} {}.", req.method, req.path),
            ),
        }
    }
}

/// `GET /sandbox/partners`: the seeded partners and their well-known development tokens.
fn partners_listing() -> Response {
    let items: Vec<_> = seed::PARTNERS
        .iter()
        .map(|p| serde_json::json!({"id": p.id, "name": p.name, "token": p.token, "billingCurrency": p.billing_currency}))
        .collect();
    Response::json(200, &procura_partner_center::Collection::of(items, "/sandbox/partners"))
}
