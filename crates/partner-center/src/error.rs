//! Error bodies: the documented one (`code`, `description`, `data`, `source`), the newer
//! extended one (`message`, `errorName`, `isRetryable`, `parameters`) and the 429 one
//! (`statusCode`, `message`), read into one type.

use serde_json::Value;

use crate::{resource, wire};

resource! {
    pub struct ApiError {
        /// A string or a number on the wire; kept as text (`"800008"`), written as a number.
        #[serde(with = "wire::code")]
        pub code: String,
        pub description: Option<String>,
        pub message: Option<String>,
        pub error_name: Option<String>,
        pub is_retryable: Option<bool>,
        pub data: Option<Vec<Value>>,
        pub source: Option<String>,
        pub parameters: Option<Value>,
        #[serde(with = "wire::opt_int")]
        pub status_code: Option<i64>,
    }
}

impl ApiError {
    pub fn new(code: u32, description: impl Into<String>) -> ApiError {
        ApiError {
            code: code.to_string(),
            description: Some(description.into()),
            data: Some(Vec::new()),
            source: Some("PartnerFD".into()),
            ..Default::default()
        }
    }

    /// The numeric code, when it is one.
    pub fn code_number(&self) -> Option<u32> {
        self.code.trim().parse().ok()
    }

    /// Whatever the service said, preferring the documented field.
    pub fn text(&self) -> &str {
        self.description.as_deref().or(self.message.as_deref()).unwrap_or("")
    }
}
