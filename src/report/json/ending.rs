//! A trace's outcome as JSON, written by hand as the rest of its line.

use super::*;

impl Line<'_> {
    pub(super) fn outcome(&mut self, o: &Outcome) {
        match o {
            Outcome::Http {
                status,
                body,
                error_type,
            } => {
                self.tagged("kind", "http");
                self.key("status");
                self.num(*status);
                self.key("body");
                self.str(body);
                if let Some(t) = error_type {
                    self.key("error_type");
                    self.str(t);
                }
            }
            Outcome::Timeout { reason } => {
                self.tagged("kind", "timeout");
                self.key("reason");
                self.display(reason);
            }
            Outcome::DnsFailure { reason } => {
                self.tagged("kind", "dns-failure");
                self.key("reason");
                self.display(reason);
            }
            Outcome::TlsError { reason } => {
                self.tagged("kind", "tls-error");
                self.key("reason");
                self.display(reason);
            }
            Outcome::Connected { detail } => {
                self.tagged("kind", "connected");
                self.key("detail");
                self.str(detail);
            }
            Outcome::Refused { reason } => {
                self.tagged("kind", "refused");
                self.key("reason");
                self.display(reason);
            }
            Outcome::Delivered { detail } => {
                self.tagged("kind", "delivered");
                self.key("detail");
                self.str(detail);
            }
        }
        self.0.push(b'}');
    }
}
