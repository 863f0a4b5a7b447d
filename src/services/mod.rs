//! The services at the end of a path: API Gateway ([`api_gateway`]) and the other AWS
//! services (S3, DynamoDB, SQS, STS, ...), which answer 200 unless an endpoint policy denies.

pub mod api_gateway;
pub mod aws_service;
