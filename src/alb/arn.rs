//! Application Load Balancer ARNs, and the public-key URL AWS publishes for each partition.

use crate::error::ConfigError;
use alloc::format;
use alloc::string::String;

/// An Application Load Balancer ARN:
/// `arn:<partition>:elasticloadbalancing:<region>:<12 digits>:loadbalancer/app/<name>/<id>`.
///
/// Parsed strictly, because the region becomes part of the default keys URL's host name: the
/// partition and the region are lower-case ASCII letters, digits and inner `-`; the name and
/// the id are ASCII letters, digits and `-`.
///
/// ```
/// use jwtgate::alb::LoadBalancerArn;
///
/// let arn = LoadBalancerArn::parse(
///     "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
/// )?;
/// assert_eq!(arn.region(), "eu-west-1");
/// assert_eq!(
///     arn.default_keys_url().as_deref(),
///     Some("https://public-keys.auth.elb.eu-west-1.amazonaws.com")
/// );
/// # Ok::<(), jwtgate::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LoadBalancerArn {
    arn: String,
    partition: String,
    region: String,
}

impl LoadBalancerArn {
    /// Parses an Application Load Balancer ARN; anything else is [`ConfigError::AlbArn`].
    pub fn parse(arn: &str) -> Result<LoadBalancerArn, ConfigError> {
        let bad = ConfigError::AlbArn;
        let mut fields = arn.split(':');
        let mut next = || fields.next().ok_or(bad);
        let (scheme, partition, service) = (next()?, next()?, next()?);
        let (region, account, resource) = (next()?, next()?, next()?);
        if fields.next().is_some()
            || scheme != "arn"
            || service != "elasticloadbalancing"
            || !is_label(partition)
            || !is_label(region)
            || account.len() != 12
            || !account.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad);
        }
        let mut path = resource.split('/');
        let shape = (path.next(), path.next(), path.next(), path.next());
        let (Some("loadbalancer"), Some("app"), Some(name), Some(id)) = shape else {
            return Err(bad);
        };
        if path.next().is_some() || !is_word(name) || !is_word(id) {
            return Err(bad);
        }
        Ok(LoadBalancerArn {
            arn: arn.into(),
            partition: partition.into(),
            region: region.into(),
        })
    }

    /// The ARN, as given.
    pub fn as_str(&self) -> &str {
        &self.arn
    }

    /// The partition: `aws`, `aws-us-gov`, `aws-cn`, …
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The region, for example `eu-west-1`.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Where AWS publishes this load balancer's public keys (`<url>/<kid>`): for partition
    /// `aws`, `https://public-keys.auth.elb.<region>.amazonaws.com`; for `aws-us-gov`,
    /// `https://s3-<region>.amazonaws.com/aws-elb-public-keys-prod-<region>`. `None` for
    /// another partition, whose URL must be given.
    pub fn default_keys_url(&self) -> Option<String> {
        let region = &self.region;
        match self.partition.as_str() {
            "aws" => Some(format!(
                "https://public-keys.auth.elb.{region}.amazonaws.com"
            )),
            "aws-us-gov" => Some(format!(
                "https://s3-{region}.amazonaws.com/aws-elb-public-keys-prod-{region}"
            )),
            _ => None,
        }
    }

    /// The one default keys URL of several load balancers: `None` when there are none, when
    /// they are in different regions or partitions, or when the partition has no default.
    pub fn shared_keys_url<'a>(
        arns: impl IntoIterator<Item = &'a LoadBalancerArn>,
    ) -> Option<String> {
        let mut arns = arns.into_iter();
        let first = arns.next()?;
        if arns.any(|arn| arn.region != first.region || arn.partition != first.partition) {
            return None;
        }
        first.default_keys_url()
    }
}

/// Lower-case ASCII letters and digits, with `-` inside: safe in a host name.
fn is_label(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// ASCII letters, digits and `-`.
fn is_word(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    const ARN: &str =
        "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188";

    #[test]
    fn parses_application_load_balancer_arns() {
        let arn = LoadBalancerArn::parse(ARN).unwrap();
        assert_eq!(arn.as_str(), ARN);
        assert_eq!(arn.partition(), "aws");
        assert_eq!(arn.region(), "us-east-2");
        for bad in [
            "",
            "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/net/my-nlb/50dc6c495c0c9188",
            "arn:aws:elasticloadbalancing:us-east-2:12345678901:loadbalancer/app/my-alb/50dc",
            "arn:aws:elasticloadbalancing:us-east-2:1234567890123:loadbalancer/app/my-alb/50dc",
            "arn:aws:elasticloadbalancing:us-east-2:12345678901a:loadbalancer/app/my-alb/50dc",
            "arn:aws:elasticloadbalancing::123456789012:loadbalancer/app/my-alb/50dc",
            "arn:aws:elasticloadbalancing:US-EAST-2:123456789012:loadbalancer/app/my-alb/50dc",
            "arn:aws:elasticloadbalancing:us.east-2:123456789012:loadbalancer/app/my-alb/50dc",
            "arn:aws:elasticloadbalancing:evil.com/x:123456789012:loadbalancer/app/my-alb/50dc",
            "arn::elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/my-alb/50dc",
            "arn:aws:ec2:us-east-2:123456789012:loadbalancer/app/my-alb/50dc",
            "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/my-alb",
            "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/my-alb/50dc/x",
            "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app//50dc",
            "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/my alb/50dc",
            "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/app/my-alb/50dc",
            "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/my-alb/50dc:x",
            "ARN:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/my-alb/50dc",
        ] {
            assert_eq!(LoadBalancerArn::parse(bad), Err(ConfigError::AlbArn), "{bad}");
        }
    }

    #[test]
    fn default_keys_url_per_partition() {
        let url = |arn: &str| LoadBalancerArn::parse(arn).unwrap().default_keys_url();
        assert_eq!(
            url(ARN).as_deref(),
            Some("https://public-keys.auth.elb.us-east-2.amazonaws.com")
        );
        assert_eq!(
            url("arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/a/1")
                .as_deref(),
            Some("https://s3-us-gov-west-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-west-1")
        );
        assert_eq!(
            url("arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/app/a/1"),
            None
        );
    }

    #[test]
    fn several_load_balancers_share_a_url_only_within_one_region() {
        let parse = |arn: &str| LoadBalancerArn::parse(arn).unwrap();
        let a = parse(ARN);
        let b = parse("arn:aws:elasticloadbalancing:us-east-2:210987654321:loadbalancer/app/b/2");
        let c = parse("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/c/3");
        assert_eq!(
            LoadBalancerArn::shared_keys_url([&a, &b]),
            a.default_keys_url()
        );
        assert_eq!(LoadBalancerArn::shared_keys_url([&a, &c]), None);
        assert_eq!(LoadBalancerArn::shared_keys_url(Vec::new()), None);
    }
}
