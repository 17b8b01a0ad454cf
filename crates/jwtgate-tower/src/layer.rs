//! [`JwtLayer`]: the tower layer that verifies each request before the inner service.

use crate::gate::Gate;
use crate::rejection::Rejection;
use http::{Request, Response};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tower_layer::Layer;
use tower_service::Service;

/// Verifies the bearer token of every request with a [`Gate`]. A verified token goes into
/// the request's extensions as a [`VerifiedToken`](jwtgate::VerifiedToken) and the request
/// goes on; a rejection is answered here ([`Rejection::into_response`]) and the inner
/// service never sees the request.
///
/// [`JwtLayer::new`] requires a token (none: 401 `missing_token`); [`JwtLayer::optional`]
/// lets a request without a token through, marked with [`NoToken`], and still answers a bad
/// token or an unavailable key set. With axum, add it with `route_layer`, so that unknown
/// paths (404) and other methods (405) are answered before authentication.
#[derive(Clone, Debug)]
pub struct JwtLayer {
    gate: Gate,
    required: bool,
}

impl JwtLayer {
    /// A layer that requires a verified token.
    pub fn new(gate: Gate) -> JwtLayer {
        JwtLayer {
            gate,
            required: true,
        }
    }

    /// A layer that verifies a token when there is one, and lets requests without one
    /// through (with [`NoToken`] in their extensions).
    pub fn optional(gate: Gate) -> JwtLayer {
        JwtLayer {
            gate,
            required: false,
        }
    }
}

impl<S> Layer<S> for JwtLayer {
    type Service = JwtService<S>;

    fn layer(&self, inner: S) -> JwtService<S> {
        JwtService {
            inner,
            gate: self.gate.clone(),
            required: self.required,
        }
    }
}

/// Marks a request that carried no token and passed an optional [`JwtLayer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoToken;

/// The service [`JwtLayer`] makes.
#[derive(Clone, Debug)]
pub struct JwtService<S> {
    inner: S,
    gate: Gate,
    required: bool,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for JwtService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    ReqBody: Send + 'static,
    ResBody: From<String>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<ResBody>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        // The service that was polled ready serves this request; a fresh clone stays behind.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let gate = self.gate.clone();
        let required = self.required;
        Box::pin(async move {
            match gate.authenticate(request.headers()).await {
                Ok(Some(token)) => {
                    request.extensions_mut().insert(token);
                }
                Ok(None) if !required => {
                    request.extensions_mut().insert(NoToken);
                }
                Ok(None) => return Ok(Rejection::missing_token().into_response()),
                Err(rejection) => return Ok(rejection.into_response()),
            }
            inner.call(request).await
        })
    }
}
