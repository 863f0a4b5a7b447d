//! A request without a token to the metadata service of an instance whose file does not say
//! whether IMDSv2 is required: AWS's default depends on the image and the account, which
//! vpcpath cannot see, so it assumes optional and says so (F6.67).

use super::*;

/// The warning for `req`, to be placed at its URL, if it depends on an unwritten `http_tokens`.
pub(crate) fn assumed_metadata_tokens<'a>(
    net: &'a Network,
    req: &'a Request,
) -> Option<impl FnOnce(Pos) -> Diagnostic + 'a> {
    let Client::Instance(i) = req.client else {
        return None;
    };
    let inst = &net.instances[i.0];
    let unwritten = inst.metadata
        == Metadata::Enabled {
            tokens_required: None,
        };
    let to_metadata = req.url.scheme == "http"
        && req.url.port == 80
        && req.url.host.parse::<std::net::Ipv4Addr>() == Ok(aws::INSTANCE_METADATA);
    // What the answer depends on the setting for: a read (GET, HEAD) of anything but the
    // token's path, without a token (`engine::link_local::metadata_answer`).
    let read = matches!(req.method.as_str(), "GET" | "HEAD")
        && req.url.path.trim_end_matches('/') != aws::METADATA_TOKEN_PATH;
    if !unwritten || !to_metadata || !read || req.headers.contains_key("x-aws-ec2-metadata-token") {
        return None;
    }
    Some(move |pos| {
        Diagnostic::warning(
            Code::AssumedMetadataTokens,
            pos,
            format!(
                "request `{}` asks {}'s metadata service without a token, and the file does not say whether it requires IMDSv2: vpcpath assumes optional (200); AWS's default depends on the image and the account",
                req.name, inst.id
            ),
        )
        .with_help(format!(
            "write `metadata_options: {{ http_tokens: required }}` (or `optional`) on {}, as `aws ec2 describe-instances` shows it (MetadataOptions.HttpTokens)",
            inst.id
        ))
    })
}
