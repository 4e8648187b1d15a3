//! The body an operation sends.

use super::media::pick_request_media;
use crate::error::{Error, Result};
use crate::ir::{BodyEncoding, RequestBody, TypeRef};
use crate::load::{join, FileId};
use crate::lower::types::{description, hint};
use crate::lower::Ctx;
use serde_json::Value;

impl Ctx<'_> {
    pub(super) fn request_body(
        &mut self,
        module: &str,
        file: FileId,
        pointer: &str,
        builder_hint: &str,
    ) -> Result<Option<RequestBody>> {
        let (bfile, bptr) = self.deref(file, pointer)?;
        let value = self
            .docs
            .value(bfile, &bptr)
            .cloned()
            .unwrap_or(Value::Null);
        let Some(content) = value.get("content").and_then(Value::as_object) else {
            return Ok(None);
        };
        let Some((media, encoding)) = pick_request_media(content.keys()) else {
            return Err(Error::Unsupported {
                at: self.docs.location(bfile, &join(&bptr, "content")),
                operation: None,
                construct: format!(
                    "request body media types {:?}",
                    content.keys().collect::<Vec<_>>()
                ),
            });
        };
        let schema_ptr = join(&join(&join(&bptr, "content"), &media), "schema");
        let ty = match encoding {
            BodyEncoding::Json | BodyEncoding::Form
                if self.docs.value(bfile, &schema_ptr).is_some() =>
            {
                Some(
                    self.schema(module, bfile, &schema_ptr, &hint(&[builder_hint, "Body"]))?
                        .into_ref(),
                )
            }
            BodyEncoding::Json => Some(TypeRef::Json),
            BodyEncoding::Form => Some(TypeRef::Map(Box::new(TypeRef::String))),
            _ => None,
        };
        Ok(Some(RequestBody {
            content_type: media,
            encoding,
            ty,
            required: value.get("required") == Some(&Value::Bool(true)),
            description: description(&value),
        }))
    }
}
