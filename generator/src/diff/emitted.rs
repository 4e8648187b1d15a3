//! What the generator emits, found by generating a small probe API and
//! reading the Rust it produces: the Rust classification follows the
//! generator as it is, not as it was when the rules were written.

use serde::Serialize;
use std::path::Path;
use std::sync::OnceLock;

/// The traits of the emitted Rust that decide whether a change breaks a
/// caller's code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Emitted {
    /// The probe was generated and read; when `false` every flag below is
    /// `false`, the conservative assumption.
    pub probed: bool,
    /// Model structs are `#[non_exhaustive]`: a new field does not break a
    /// caller's struct literal or pattern.
    pub struct_non_exhaustive: bool,
    /// A model struct whose fields are all optional derives `Default`.
    pub struct_default: bool,
    /// Model structs have a constructor or builder (`new`, `builder`).
    pub struct_constructor: bool,
    /// String enums are `#[non_exhaustive]`: a new variant does not break an
    /// exhaustive `match`.
    pub enum_non_exhaustive: bool,
    /// String enums keep an unknown value in an `Unknown(String)` variant, so
    /// a new value decodes at run time.
    pub enum_unknown: bool,
    /// `oneOf`/`anyOf` enums are `#[non_exhaustive]`.
    pub union_non_exhaustive: bool,
    /// The per-status output enums are `#[non_exhaustive]`.
    pub output_non_exhaustive: bool,
    /// An optional parameter is a setter of the request builder (not an
    /// argument of the method).
    pub optional_param_setter: bool,
}

const PROBE: &str = r##"openapi: 3.0.3
info: {title: Probe, version: "1"}
paths:
  /probe:
    post:
      operationId: send
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Probe"}
      responses:
        "200":
          description: one body
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Probe"}
        "201":
          description: another body
          content:
            application/json:
              schema: {$ref: "#/components/schemas/ProbeKind"}
components:
  schemas:
    Probe:
      type: object
      properties:
        kind: {$ref: "#/components/schemas/ProbeKind"}
        choice: {$ref: "#/components/schemas/ProbeChoice"}
    ProbeKind: {type: string, enum: [a, b]}
    ProbeChoice:
      oneOf:
        - {type: string}
        - {type: integer}
"##;

impl Emitted {
    /// What the generator emits (probed once per process).
    pub fn get() -> Emitted {
        static EMITTED: OnceLock<Emitted> = OnceLock::new();
        *EMITTED.get_or_init(|| Emitted::probe().unwrap_or_default())
    }

    /// Generates the probe API in a temporary folder and reads its Rust.
    fn probe() -> Option<Emitted> {
        let dir = std::env::temp_dir().join(format!("hubspot-api-diff-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        let spec = dir.join("probe.yaml");
        let written = std::fs::write(&spec, PROBE);
        let generated = written.ok().and_then(|()| {
            crate::generate(&crate::Config {
                specs: vec![spec.clone()],
                versions: Vec::new(),
                name: "probe".into(),
                version: "0.0.0".into(),
                description: "probe".into(),
                share_types: false,
                properties: Vec::new(),
                publish: true,
            })
            .ok()
        });
        let _ = std::fs::remove_dir_all(&dir);
        let (_, files) = generated?;
        let mut found = Emitted {
            probed: true,
            ..Emitted::default()
        };
        for (path, text) in &files {
            if path.starts_with("crates") && path.extension().is_some_and(|e| e == "rs") {
                let file = syn::parse_file(text).ok()?;
                found.read(path, &file);
            }
        }
        Some(found)
    }

    fn read(&mut self, path: &Path, file: &syn::File) {
        let in_lib = path.file_name().is_some_and(|n| n == "lib.rs");
        for item in &file.items {
            match item {
                syn::Item::Struct(s) if s.ident == "Probe" => {
                    self.struct_non_exhaustive |= non_exhaustive(&s.attrs);
                    self.struct_default |= derives(&s.attrs, "Default");
                }
                syn::Item::Enum(e) if e.ident == "ProbeKind" => {
                    self.enum_non_exhaustive |= non_exhaustive(&e.attrs);
                    self.enum_unknown |= e.variants.iter().any(|v| v.ident == "Unknown");
                }
                syn::Item::Enum(e) if e.ident == "ProbeChoice" => {
                    self.union_non_exhaustive |= non_exhaustive(&e.attrs);
                }
                // The API crate's lib.rs declares services and output enums.
                syn::Item::Enum(e) if in_lib => {
                    self.output_non_exhaustive |= non_exhaustive(&e.attrs);
                }
                syn::Item::Impl(i) => self.read_impl(i),
                _ => {}
            }
        }
    }

    fn read_impl(&mut self, item: &syn::ItemImpl) {
        if item.trait_.is_some() {
            return;
        }
        let syn::Type::Path(ty) = &*item.self_ty else {
            return;
        };
        let Some(name) = ty.path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        for f in &item.items {
            let syn::ImplItem::Fn(f) = f else { continue };
            let public = matches!(f.vis, syn::Visibility::Public(_));
            if name == "Probe" && public {
                self.struct_constructor = true;
            }
            if name != "Probe" && f.sig.ident == "limit" {
                self.optional_param_setter = true;
            }
        }
    }
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

fn derives(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            let mut found = false;
            let _ = a.parse_nested_meta(|meta| {
                found |= meta.path.is_ident(name);
                Ok(())
            });
            found
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_reads_what_the_generator_emits() {
        let e = Emitted::get();
        assert!(e.probed, "the probe API generates and parses");
        assert!(e.enum_unknown, "string enums have an Unknown variant");
        assert!(e.optional_param_setter, "optional parameters are setters");
        assert!(e.struct_default, "an all-optional struct derives Default");
        assert!(e.enum_non_exhaustive, "string enums are #[non_exhaustive]");
        assert!(e.union_non_exhaustive, "oneOf enums are #[non_exhaustive]");
        assert!(
            e.output_non_exhaustive,
            "per-status outputs are #[non_exhaustive]"
        );
    }
}
