//! Terraform HCL front-end: a root module's `.tf` files, the local modules it calls and its
//! variable files → one [`Model`], each module instantiated the way `terraform plan` would.

pub mod eval;
pub mod policy;
mod prescan;
mod resources;
pub mod syntax;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use hcl_edit::expr::Expression;

use super::FileError;
use crate::model::symbolic::Symbolic;
use crate::model::{FileId, Location, Model};
use crate::source::{SourceFile, Span};
use eval::{Env, Evaluator, Frame, Kind, Val};
use policy::Offsets;
use syntax::{Block, File};

/// Substrings without which a module holds nothing the model reads: modules whose files contain
/// none of them (and call no local module) are not parsed. Extend this when the model reads a
/// new resource type.
pub const RELEVANT_TOKENS: &[&str] = &[
    "aws_sqs_queue",
    "aws_kms_key",
    "aws_kms_alias",
    // IAM resources that can carry SQS permissions (a role alone, with only its trust
    // policy, cannot).
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    // Quoted: `aws_iam_policy_document` alone (a trust policy for a role) carries nothing.
    "aws_iam_policy\"",
    "aws_iam_policy_attachment",
    "aws_iam_access_key",
    "inline_policy",
    "managed_policy_arns",
    "sqs:",
    "aws_vpc_endpoint",
    "aws_security_group",
    "aws_vpc_security_group_ingress_rule",
];

/// Whether a module's text calls a local module (`source = "./…"` or `"../…"`), whose
/// resources are then part of this configuration.
#[must_use]
pub fn calls_local_module(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    has(b"module") && (has(b"\"./") || has(b"\"../"))
}

/// Reads what a configuration refers to outside its root directory. The engine's reader
/// refuses paths outside the scanned roots and symbolic links.
pub trait Reader {
    /// The `.tf` files of a called module's directory.
    ///
    /// # Errors
    /// The directory does not exist, escapes the scanned roots, or cannot be read.
    fn module_files(&self, dir: &Path) -> Result<Vec<SourceFile>, String>;
    /// A file named by `file()` or `templatefile()`.
    fn file(&self, path: &Path) -> Option<SourceFile>;
}

/// A reader that reads nothing: calls and files outside the given files stay unknown.
pub struct NoReader;

impl Reader for NoReader {
    fn module_files(&self, dir: &Path) -> Result<Vec<SourceFile>, String> {
        Err(format!("{} is not read here", dir.display()))
    }
    fn file(&self, _: &Path) -> Option<SourceFile> {
        None
    }
}

/// Variable values from outside the configuration, in Terraform's precedence.
#[derive(Default, Clone, Copy)]
pub struct Inputs<'a> {
    /// `TF_VAR_…`: over defaults, under tfvars files.
    pub environment: Option<&'a BTreeMap<String, String>>,
    /// Given for the scan (`--var`, `--var-file`, configuration): over everything.
    pub given: Option<&'a BTreeMap<String, String>>,
}

/// A configuration read and evaluated.
pub struct Loaded {
    /// Every file the model's locations refer to, by [`FileId`]: the root's files, then the
    /// called modules' files, then files read by `file()` / `templatefile()`.
    pub files: Vec<SourceFile>,
    pub model: Model,
    pub errors: Vec<FileError>,
    /// Notes with a place: an undefined variable, a module that cannot be read, a cycle.
    pub warnings: Vec<(Location, String)>,
    /// The local module directories this configuration instantiates (normalised paths).
    pub called: BTreeSet<PathBuf>,
    /// Every resource block of every module instance, whatever its `count`/`for_each`
    /// expands to: where a plan's instances of it are written (see `plan_source`).
    pub declared: Vec<Declared>,
}

/// A resource block as one module instance declares it.
#[derive(Debug, Clone)]
pub struct Declared {
    /// `module.a["x"].aws_sqs_queue.q`: the module instance path, no resource instance key.
    pub address: String,
    /// `resource "type" "name"`.
    pub header: Location,
    /// Its top-level arguments: name → where `name = …` is written.
    pub arguments: Vec<(String, Location)>,
}

/// Parse and evaluate the files of one module directory, with nothing read outside them.
#[must_use]
pub fn load(files: &[SourceFile]) -> (Model, Vec<FileError>) {
    let copies = files
        .iter()
        .map(|file| SourceFile::new(file.path.clone(), file.text.clone()))
        .collect();
    let loaded = load_configuration(copies, &NoReader, Inputs::default());
    (loaded.model, loaded.errors)
}

/// The scalar values of a variable definitions file (`-var-file`): name → text. Lists, maps
/// and expressions that are not literals are left out (unknown).
///
/// # Errors
/// The text is not valid HCL (the message names the line).
pub fn variable_file(text: &str) -> Result<Vec<(String, String)>, String> {
    let body = hcl_edit::parser::parse_body(text)
        .map_err(|error| format!("line {}: {}", error.location().line(), error.message()))?;
    Ok(body
        .attributes()
        .filter_map(|attribute| {
            let text = eval::evaluate(&attribute.value).as_text()?;
            Some((attribute.key.as_str().to_string(), text))
        })
        .collect())
}

/// Whether a file holds variable values (`terraform.tfvars`, `*.auto.tfvars`,
/// `terraform.tfvars.json`) rather than configuration.
fn is_tfvars(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".tfvars") || name.ends_with(".tfvars.json")
}

/// Terraform's JSON syntax: `.tf.json`, `.tfvars.json`.
fn is_json(path: &Path) -> bool {
    path.file_name().is_some_and(|name| {
        name.to_string_lossy()
            .to_ascii_lowercase()
            .ends_with(".json")
    })
}

/// `a/./b/../c` → `a/c`, without touching the file system (symbolic links are never
/// followed by the walker, so the lexical path is the real one).
#[must_use]
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// `path` relative to `base`, both normalised: `modules/q` from `live/a` is `../../modules/q`.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path: Vec<Component<'_>> = path.components().collect();
    let base: Vec<Component<'_>> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for component in &path[common..] {
        out.push(component.as_os_str());
    }
    out
}

/// Most module directories followed from one root (calls are followed once per directory).
const MAX_MODULES: usize = 256;
/// Deepest chain of module calls instantiated.
const MAX_MODULE_DEPTH: usize = 16;
/// Most instances a `count` or `for_each` is expanded to; beyond, one instance stands for all.
const MAX_INSTANCES: usize = 1024;

/// One module directory of the configuration.
struct ModuleDir {
    dir: PathBuf,
    files: Vec<FileId>,
}

/// Where a module call's `source` leads.
#[derive(Clone)]
enum Target {
    Module(usize),
    /// Not read (a registry or git module without `terraform init`, or a failure, reported).
    Unread,
}

/// Phase one: every file parsed, every local module directory found. Owns what phase two
/// borrows.
struct Parsed {
    files: Vec<SourceFile>,
    bodies: Vec<Option<File>>,
    modules: Vec<ModuleDir>,
    /// (module index, call name) → target.
    targets: HashMap<(usize, String), Target>,
    errors: Vec<FileError>,
    warnings: Vec<(Location, String)>,
}

impl Parsed {
    fn add_file(&mut self, file: SourceFile) -> FileId {
        let id = FileId::try_from(self.files.len()).unwrap_or(FileId::MAX);
        let body = match parse(&file) {
            Ok(body) => Some(body),
            Err(error) => {
                self.errors.push(error);
                None
            }
        };
        self.files.push(file);
        self.bodies.push(body);
        id
    }

    fn add_module(&mut self, dir: PathBuf, files: Vec<SourceFile>) -> usize {
        let ids = files.into_iter().map(|file| self.add_file(file)).collect();
        self.modules.push(ModuleDir { dir, files: ids });
        self.modules.len() - 1
    }

    /// Follow module calls from every module found so far, breadth first.
    fn follow_calls(&mut self, reader: &dyn Reader) {
        let mut by_dir: HashMap<PathBuf, usize> = self
            .modules
            .iter()
            .enumerate()
            .map(|(index, module)| (module.dir.clone(), index))
            .collect();
        let installed = installed_modules(&self.modules[0].dir, reader);
        // Module index → its key path in `modules.json` ("" for the root, "a.b" below).
        let mut keys: Vec<Option<String>> = vec![Some(String::new())];
        let mut next = 0;
        while next < self.modules.len() {
            let mut calls = Vec::new();
            for &file in &self.modules[next].files {
                let Some(Some(body)) = self.bodies.get(file as usize) else {
                    continue;
                };
                for declaration in body.declarations() {
                    if let ("module", [name]) =
                        (declaration.kind, declaration.block.labels.as_slice())
                    {
                        let source = declaration
                            .block
                            .body
                            .attribute("source")
                            .map(|argument| (argument.value.clone(), argument.span));
                        calls.push(((*name).to_string(), source, file));
                    }
                }
            }
            for (name, source, file) in calls {
                let at = |span: Option<std::ops::Range<usize>>| Location {
                    file,
                    span: span.map_or_else(Span::default, Span::from_range),
                };
                let Some((Expression::String(source), span)) = source else {
                    continue;
                };
                let source = source.value().clone();
                let key = keys.get(next).cloned().flatten().map(|parent| {
                    if parent.is_empty() {
                        name.clone()
                    } else {
                        format!("{parent}.{name}")
                    }
                });
                let dir = if source.starts_with("./") || source.starts_with("../") {
                    Some(normalize(&self.modules[next].dir.join(&source)))
                } else {
                    key.as_ref()
                        .and_then(|key| installed.get(key))
                        .map(|dir| normalize(&self.modules[0].dir.join(dir)))
                };
                let Some(dir) = dir else {
                    // A registry or git module never initialised: its outputs are unknown.
                    self.targets.insert((next, name), Target::Unread);
                    continue;
                };
                let index = if let Some(&index) = by_dir.get(&dir) {
                    index
                } else if self.modules.len() >= MAX_MODULES {
                    self.warnings.push((
                        at(span),
                        format!("more than {MAX_MODULES} modules: `{source}` is not read"),
                    ));
                    self.targets.insert((next, name), Target::Unread);
                    continue;
                } else {
                    match reader.module_files(&dir) {
                        Ok(files) => {
                            let index = self.add_module(dir.clone(), files);
                            by_dir.insert(dir, index);
                            keys.push(key);
                            index
                        }
                        Err(message) => {
                            self.warnings.push((
                                at(span),
                                format!("module `{name}` is not evaluated: {message}"),
                            ));
                            self.targets.insert((next, name), Target::Unread);
                            continue;
                        }
                    }
                };
                self.targets.insert((next, name), Target::Module(index));
            }
            next += 1;
        }
    }
}

/// `.terraform/modules/modules.json` of a root, from a previous `terraform init`: module key
/// → directory relative to the root.
fn installed_modules(root: &Path, reader: &dyn Reader) -> HashMap<String, PathBuf> {
    let Some(file) = reader.file(&root.join(".terraform/modules/modules.json")) else {
        return HashMap::new();
    };
    let Ok(Some(node)) = crate::frontend::cloudformation::json::parse(&file.text) else {
        return HashMap::new();
    };
    let mut found = HashMap::new();
    if let Some(crate::frontend::tree::NodeKind::Seq(modules)) =
        node.get("Modules").map(|modules| &modules.kind)
    {
        for module in modules {
            if let (Some(key), Some(dir)) = (
                module.get("Key").and_then(|key| key.as_str()),
                module.get("Dir").and_then(|dir| dir.as_str()),
            ) && !key.is_empty()
            {
                found.insert(key.to_string(), PathBuf::from(dir));
            }
        }
    }
    found
}

/// Deepest bracket nesting accepted before parsing: the parser recurses per level, and real
/// configurations stay far below this.
const MAX_NESTING: usize = 32;

fn parse(file: &SourceFile) -> Result<File, FileError> {
    // Blocks the model never reads are blanked first (same length, same lines): only what is
    // read is parsed into trees.
    let blanked = if is_json(&file.path) || is_tfvars(&file.path) {
        None
    } else {
        prescan::blank_unread_blocks(&file.text)
    };
    let text = blanked.as_deref().unwrap_or(&file.text);
    if let Some((offset, message)) = bracket_problem(text.as_bytes()) {
        return Err(FileError::syntax_at(file, offset, message));
    }
    let syntax_error = |error: hcl_edit::parser::Error| FileError::Syntax {
        path: file.path.clone(),
        line: u32::try_from(error.location().line()).unwrap_or(u32::MAX),
        column: u32::try_from(error.location().column()).unwrap_or(u32::MAX),
        message: error.message().to_string(),
    };
    if is_json(&file.path) {
        // JSON is an HCL expression: one parser, exact spans.
        let unescaped = unescape_interpolation_quotes(text);
        let text = unescaped.as_deref().unwrap_or(text);
        // The expression parser takes no trailing newline; trimming the end keeps spans.
        hcl_edit::parser::parse_expr(text.trim_end())
            .map(File::Json)
            .map_err(syntax_error)
    } else {
        hcl_edit::parser::parse_body(text)
            .map(File::Native)
            .map_err(syntax_error)
    }
}

/// Terraform decodes a JSON string before it reads it as a template, so an interpolation in a
/// `.tf.json` string writes the quotes of its own strings escaped, as CDKTF does:
/// `"${lookup(local.m, \"k\")}"`. Read as HCL, `\"` inside `${…}` is not valid: each such
/// quote becomes a plain one, the space taking the backslash's place on the side away from
/// the string, so that every offset stays where it was. `None` when nothing changes.
fn unescape_interpolation_quotes(text: &str) -> Option<String> {
    #[derive(PartialEq)]
    enum State {
        Outside,
        /// In a JSON string, outside interpolations.
        Literal,
        /// In `${…}` or `%{…}` of a JSON string, at this brace depth.
        Interpolation(usize),
        /// In a string written inside an interpolation, at the interpolation's depth.
        Nested(usize),
    }
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut state = State::Outside;
    let mut at = 0;
    while at < bytes.len() {
        let next = bytes.get(at + 1).copied();
        match state {
            State::Outside => match (bytes[at], next) {
                (b'"', _) => state = State::Literal,
                // Comments (our JSON reader accepts them) may hold any quote.
                (b'/', Some(b'/')) => {
                    while at < bytes.len() && bytes[at] != b'\n' {
                        at += 1;
                    }
                }
                (b'/', Some(b'*')) => {
                    at += 2;
                    while at + 1 < bytes.len() && !(bytes[at] == b'*' && bytes[at + 1] == b'/') {
                        at += 1;
                    }
                    at += 1;
                }
                _ => {}
            },
            State::Literal => match (bytes[at], next) {
                (b'\\', _) => at += 1,
                (b'"', _) => state = State::Outside,
                // `$${` and `%%{` are literal text.
                (b'$', Some(b'$')) | (b'%', Some(b'%')) if bytes.get(at + 2) == Some(&b'{') => {
                    at += 2;
                }
                (b'$' | b'%', Some(b'{')) => {
                    state = State::Interpolation(1);
                    at += 1;
                }
                _ => {}
            },
            State::Interpolation(depth) => match (bytes[at], next) {
                (b'\\', Some(b'"')) => {
                    let out = out.get_or_insert_with(|| bytes.to_vec());
                    out[at] = b' ';
                    out[at + 1] = b'"';
                    state = State::Nested(depth);
                    at += 1;
                }
                (b'\\', _) => at += 1,
                // An unescaped quote ends the JSON string.
                (b'"', _) => state = State::Outside,
                (b'{', _) => state = State::Interpolation(depth + 1),
                (b'}', _) if depth <= 1 => state = State::Literal,
                (b'}', _) => state = State::Interpolation(depth - 1),
                _ => {}
            },
            State::Nested(depth) => match (bytes[at], next) {
                (b'\\', Some(b'"')) => {
                    let out = out.get_or_insert_with(|| bytes.to_vec());
                    out[at] = b'"';
                    out[at + 1] = b' ';
                    state = State::Interpolation(depth);
                    at += 1;
                }
                (b'\\', _) => at += 1,
                (b'"', _) => state = State::Outside,
                _ => {}
            },
        }
        at += 1;
    }
    // Only ASCII bytes were replaced by ASCII bytes: the text is still UTF-8.
    out.and_then(|bytes| String::from_utf8(bytes).ok())
}

/// Most brackets left open at the end of a file that the parser is still given. hcl-edit
/// backtracks at every open level when the text ends inside them: a 252-byte file with 27
/// unclosed braces took 13 s to refuse (found by fuzzing), each level nearly doubling it.
const MAX_UNCLOSED: usize = 8;

/// Where and why the brackets of a text cannot be parsed safely: `(`, `[` or `{` nested deeper
/// than [`MAX_NESTING`], or more than [`MAX_UNCLOSED`] of them never closed (outside quoted
/// strings and comments).
fn bracket_problem(bytes: &[u8]) -> Option<(usize, String)> {
    let mut open: Vec<usize> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' && bytes[at] != b'\n' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
            }
            b'#' => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                at += 2;
                while at + 1 < bytes.len() && !(bytes[at] == b'*' && bytes[at + 1] == b'/') {
                    at += 1;
                }
                at += 1;
            }
            b'(' | b'[' | b'{' => {
                if open.len() >= MAX_NESTING {
                    return Some((at, format!("nesting deeper than {MAX_NESTING} levels")));
                }
                open.push(at);
            }
            b')' | b']' | b'}' => {
                open.pop();
            }
            _ => {}
        }
        at += 1;
    }
    (open.len() > MAX_UNCLOSED).then(|| {
        (
            open[0],
            format!(
                "{} brackets opened here and after are never closed",
                open.len()
            ),
        )
    })
}

/// Read the root module's files (and `.tfvars` with them), follow its local module calls
/// through `reader`, and evaluate every module instance into one model.
#[must_use]
pub fn load_configuration(
    root: Vec<SourceFile>,
    reader: &dyn Reader,
    inputs: Inputs<'_>,
) -> Loaded {
    let root_dir = root
        .first()
        .and_then(|file| file.path.parent())
        .map(normalize)
        .unwrap_or_default();
    let mut parsed = Parsed {
        files: Vec::new(),
        bodies: Vec::new(),
        modules: Vec::new(),
        targets: HashMap::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    parsed.add_module(root_dir, root);
    parsed.follow_calls(reader);
    let mut offsets = Offsets::default();
    for file in &parsed.files {
        offsets.push(file.text.len());
    }
    let workspace = Workspace::new(&parsed, reader, inputs, offsets);
    let model = workspace.evaluate();
    let Workspace {
        extra_files,
        warnings,
        called,
        declared,
        ..
    } = workspace;
    let Parsed {
        mut files,
        errors,
        warnings: mut load_warnings,
        ..
    } = parsed;
    files.extend(extra_files.into_inner());
    load_warnings.extend(warnings.into_inner());
    Loaded {
        files,
        model,
        errors,
        warnings: load_warnings,
        called: called.into_inner(),
        declared: declared.into_inner(),
    }
}

/// A module directory's declarations, indexed once and shared by its instances.
#[derive(Default)]
struct Declarations<'b> {
    variables: HashMap<&'b str, (Block<'b>, FileId)>,
    locals: HashMap<&'b str, (&'b Expression, FileId)>,
    /// Managed resources in file order, and their index by `(type, name)`.
    resources: Vec<(&'b str, &'b str, Block<'b>, FileId)>,
    resource_index: HashMap<(&'b str, &'b str), usize>,
    data: HashMap<(&'b str, &'b str), (Block<'b>, FileId)>,
    calls: Vec<(&'b str, Block<'b>, FileId)>,
    call_index: HashMap<&'b str, usize>,
    outputs: Vec<(&'b str, &'b Expression, FileId)>,
    /// Variable definitions files (root module only), in precedence order.
    tfvars: Vec<(&'b File, FileId)>,
}

impl<'b> Declarations<'b> {
    fn new(parsed: &'b Parsed, module: &ModuleDir) -> Self {
        let mut declarations = Declarations::default();
        for &file in &module.files {
            let Some(Some(body)) = parsed.bodies.get(file as usize) else {
                continue;
            };
            if is_tfvars(&parsed.files[file as usize].path) {
                declarations.tfvars.push((body, file));
                continue;
            }
            for declaration in body.declarations() {
                let block = declaration.block;
                match (declaration.kind, block.labels.clone().as_slice()) {
                    ("variable", [name]) => {
                        declarations.variables.insert(name, (block, file));
                    }
                    ("locals", []) => {
                        for (name, argument) in block.body.attributes() {
                            declarations.locals.insert(name, (argument.value, file));
                        }
                    }
                    ("resource", [kind, name]) => {
                        declarations
                            .resource_index
                            .insert((kind, name), declarations.resources.len());
                        declarations.resources.push((kind, name, block, file));
                    }
                    ("data", [kind, name]) => {
                        declarations.data.insert((kind, name), (block, file));
                    }
                    ("module", [name]) => {
                        declarations
                            .call_index
                            .insert(name, declarations.calls.len());
                        declarations.calls.push((name, block, file));
                    }
                    ("output", [name]) => {
                        if let Some(value) = block.body.attribute("value") {
                            declarations.outputs.push((name, value.value, file));
                        }
                    }
                    _ => {}
                }
            }
        }
        // `terraform.tfvars` first, then `*.auto.tfvars` in name order: later ones win.
        declarations.tfvars.sort_by_key(|(_, file)| {
            let name = parsed.files[*file as usize]
                .path
                .file_name()
                .map(|n| n.to_string_lossy().to_string());
            (
                !name
                    .as_deref()
                    .is_some_and(|n| n.starts_with("terraform.tfvars")),
                name,
            )
        });
        declarations
    }
}

/// One instantiation of a module: the root, or one call (one `count`/`for_each` instance of
/// it) with its arguments.
struct Instance {
    module: usize,
    /// `""` for the root, `module.a`, `module.a["x"].module.b` below.
    path: String,
    /// Values given to variables: the call's arguments, or (root) tfvars and inputs.
    inputs: HashMap<String, Val>,
    /// The module directories from the root to this one, to refuse cycles.
    chain: Vec<usize>,
    /// Evaluated names of this instance (`var.x`, `local.x`, `module.x`, resources).
    cache: RefCell<HashMap<String, Val>>,
    /// Names being evaluated, to refuse cycles.
    resolving: RefCell<Vec<String>>,
}

/// Phase two: module instances, evaluated lazily and once per name.
struct Workspace<'b> {
    parsed: &'b Parsed,
    reader: &'b dyn Reader,
    declarations: Vec<Declarations<'b>>,
    instances: RefCell<Vec<Rc<Instance>>>,
    offsets: RefCell<Offsets>,
    extra_files: RefCell<Vec<SourceFile>>,
    warnings: RefCell<Vec<(Location, String)>>,
    called: RefCell<BTreeSet<PathBuf>>,
    declared: RefCell<Vec<Declared>>,
}

impl<'b> Workspace<'b> {
    fn new(
        parsed: &'b Parsed,
        reader: &'b dyn Reader,
        inputs: Inputs<'_>,
        offsets: Offsets,
    ) -> Self {
        let declarations = parsed
            .modules
            .iter()
            .map(|module| Declarations::new(parsed, module))
            .collect::<Vec<_>>();
        let mut root_inputs = HashMap::new();
        // Terraform's precedence: defaults, then the environment, then tfvars files, then
        // values given for the scan.
        for (name, value) in inputs.environment.into_iter().flatten() {
            root_inputs.insert(name.clone(), Val::str(value.clone(), None));
        }
        if let Some(root) = declarations.first() {
            for (body, file) in &root.tfvars {
                let evaluator = Evaluator::new(&eval::NoEnv, *file);
                for (name, argument) in body.arguments() {
                    root_inputs.insert(
                        name.to_string(),
                        evaluator.eval(argument.value, &Frame::default()),
                    );
                }
            }
        }
        for (name, value) in inputs.given.into_iter().flatten() {
            root_inputs.insert(name.clone(), Val::str(value.clone(), None));
        }
        let root = Instance {
            module: 0,
            path: String::new(),
            inputs: root_inputs,
            chain: vec![0],
            cache: RefCell::default(),
            resolving: RefCell::default(),
        };
        Workspace {
            parsed,
            reader,
            declarations,
            instances: RefCell::new(vec![Rc::new(root)]),
            offsets: RefCell::new(offsets),
            extra_files: RefCell::default(),
            warnings: RefCell::default(),
            called: RefCell::default(),
            declared: RefCell::default(),
        }
    }

    fn warn(&self, at: Location, message: String) {
        self.warnings.borrow_mut().push((at, message));
    }

    /// Instantiate every module call (transitively), then read every instance's resources.
    fn evaluate(&self) -> Model {
        let mut next = 0;
        loop {
            let Some(instance) = self.instances.borrow().get(next).cloned() else {
                break;
            };
            let env = InstanceEnv {
                workspace: self,
                instance: &instance,
            };
            for (name, block, file) in &self.declarations[instance.module].calls {
                let at = Location {
                    file: *file,
                    span: block.header,
                };
                let _ = env.module(name, at);
            }
            next += 1;
        }
        let mut model = Model::default();
        let mut reading = resources::Reading::default();
        let instances = self.instances.borrow().clone();
        for instance in &instances {
            let env = InstanceEnv {
                workspace: self,
                instance,
            };
            for (kind, name, block, file) in &self.declarations[instance.module].resources {
                self.declare(instance, kind, name, block, *file);
                for (key, frame) in env.expand(block, *file) {
                    let address = format!("{}{kind}.{name}{key}", prefix(&instance.path));
                    let evaluator = Evaluator::new(&env, *file);
                    resources::read(
                        &resources::Context {
                            evaluator: &evaluator,
                            frame: &frame,
                            offsets: &self.offsets,
                            texts: &|file, span| self.text(file, span),
                        },
                        kind,
                        &address,
                        block,
                        &mut reading,
                        &mut model,
                    );
                }
            }
            // Its resources are read: what it evaluated is not needed again (a parent holds
            // its outputs; were a name asked again, it would be evaluated again). Memory then
            // follows the largest module instance, not all of them.
            instance.cache.borrow_mut().clear();
        }
        reading.attach(&mut model);
        let file_count = self.parsed.files.len() + self.extra_files.borrow().len();
        for index in 0..file_count {
            let id = FileId::try_from(index).unwrap_or(FileId::MAX);
            if index < self.parsed.files.len() {
                model
                    .credentials
                    .extend(super::credentials(&self.parsed.files[index], id));
            } else if let Some(file) = self
                .extra_files
                .borrow()
                .get(index - self.parsed.files.len())
            {
                model.credentials.extend(super::credentials(file, id));
            }
        }
        model.link();
        model
    }

    /// Record a resource block of an instance, before `count`/`for_each` expand it (a plan
    /// may hold instances the static reading cannot count).
    fn declare(&self, instance: &Instance, kind: &str, name: &str, block: &Block, file: FileId) {
        self.declared.borrow_mut().push(Declared {
            address: format!("{}{kind}.{name}", prefix(&instance.path)),
            header: Location {
                file,
                span: block.header,
            },
            arguments: block
                .body
                .attributes()
                .into_iter()
                .map(|(argument, written)| {
                    let span = written.span.map_or_else(Span::default, Span::from_range);
                    (argument.to_string(), Location { file, span })
                })
                .collect(),
        });
    }

    /// The text of a file at a span, as written.
    fn text(&self, file: FileId, span: Span) -> Option<String> {
        let index = file as usize;
        if let Some(file) = self.parsed.files.get(index) {
            return file.text.get(span.range()).map(str::to_string);
        }
        self.extra_files
            .borrow()
            .get(index - self.parsed.files.len())
            .and_then(|file| file.text.get(span.range()).map(str::to_string))
    }
}

/// `module.a` → `module.a.` (the prefix of addresses inside it); the root has none.
fn prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}.")
    }
}

/// An instance seen as an evaluation environment.
struct InstanceEnv<'w, 'b> {
    workspace: &'w Workspace<'b>,
    instance: &'w Instance,
}

impl InstanceEnv<'_, '_> {
    fn declarations(&self) -> &Declarations<'_> {
        &self.workspace.declarations[self.instance.module]
    }

    /// A cached name of this instance, computed once; a name needed while it is being
    /// computed is a cycle and unknown.
    fn cached(&self, key: &str, at: Location, compute: impl FnOnce() -> Val) -> Val {
        if let Some(value) = self.instance.cache.borrow().get(key) {
            return value.clone();
        }
        if self.instance.resolving.borrow().iter().any(|k| k == key)
            || self.instance.resolving.borrow().len() > 64
        {
            // A module argument may use another output of the same module (Terraform orders
            // outputs, not modules): unknown here, but not a mistake worth a note.
            if !key.starts_with("module.") {
                self.workspace.warn(at, format!("`{key}` refers to itself"));
            }
            return Val::unknown(format!("`{key}` refers to itself"), Some(at));
        }
        self.instance.resolving.borrow_mut().push(key.to_string());
        let value = compute();
        self.instance.resolving.borrow_mut().pop();
        self.instance
            .cache
            .borrow_mut()
            .insert(key.to_string(), value.clone());
        value
    }

    /// The instances of a `count` / `for_each` block: address suffix and frame. No argument:
    /// one instance without a key. Not known: one instance, keys unknown.
    fn expand(&self, block: &Block<'_>, file: FileId) -> Vec<(String, Frame)> {
        let evaluator = Evaluator::new(self, file);
        if let Some(count) = block.body.attribute("count") {
            let value = evaluator.eval(count.value, &Frame::default());
            return match value.as_number() {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Some(n) if n >= 0.0 && (n as usize) <= MAX_INSTANCES => (0..n as usize)
                    .map(|index| (format!("[{index}]"), Frame::count(index, value.at)))
                    .collect(),
                _ => vec![(
                    String::new(),
                    Frame::unknown_instance("`count` is not known statically"),
                )],
            };
        }
        if let Some(for_each) = block.body.attribute("for_each") {
            let value = evaluator.eval(for_each.value, &Frame::default());
            let pairs: Option<Vec<(Val, Val)>> = match &value.kind {
                Kind::Map(entries) => Some(
                    entries
                        .iter()
                        .map(|(key, item)| (Val::str(key.clone(), item.at), item.clone()))
                        .collect(),
                ),
                // A set of strings: each key is its value.
                Kind::List(items) => items
                    .iter()
                    .map(|item| {
                        item.as_text()
                            .map(|key| (Val::str(key, item.at), item.clone()))
                    })
                    .collect(),
                _ => None,
            };
            return match pairs {
                Some(pairs) if pairs.len() <= MAX_INSTANCES => pairs
                    .into_iter()
                    .map(|(key, item)| {
                        let suffix = format!("[{:?}]", key.as_text().unwrap_or_default());
                        (suffix, Frame::each(key, item))
                    })
                    .collect(),
                _ => vec![(
                    String::new(),
                    Frame::unknown_instance("`for_each` is not known statically"),
                )],
            };
        }
        vec![(String::new(), Frame::default())]
    }

    /// A block's instances as a value: one object, a list (`count`) or a map (`for_each`).
    fn instances_value(
        &self,
        block: &Block<'_>,
        file: FileId,
        at: Location,
        one: impl Fn(&str, &Frame) -> Val,
    ) -> Val {
        let expanded = self.expand(block, file);
        let keyed =
            block.body.attribute("count").is_some() || block.body.attribute("for_each").is_some();
        if !keyed || expanded.first().is_some_and(|(key, _)| key.is_empty()) {
            let (key, frame) = expanded
                .into_iter()
                .next()
                .unwrap_or_else(|| (String::new(), Frame::default()));
            return one(&key, &frame);
        }
        if block.body.attribute("count").is_some() {
            Val::list(
                expanded
                    .iter()
                    .map(|(key, frame)| one(key, frame))
                    .collect(),
                Some(at),
            )
        } else {
            let entries = expanded
                .iter()
                .map(|(key, frame)| {
                    let name = key
                        .trim_start_matches("[\"")
                        .trim_end_matches("\"]")
                        .to_string();
                    (name, one(key, frame))
                })
                .collect();
            Val::map(entries, Some(at))
        }
    }

    /// A variable's value before type conversion: given (argument, tfvars, inputs), else its
    /// default.
    fn variable_value(&self, name: &str, at: Location) -> Val {
        let declared = self.declarations().variables.get(name).cloned();
        let given = self.instance.inputs.get(name).cloned();
        let default = || {
            declared.as_ref().and_then(|(block, file)| {
                block.body.attribute("default").map(|default| {
                    Evaluator::new(&eval::NoEnv, *file).eval(default.value, &Frame::default())
                })
            })
        };
        match (&declared, given) {
            // `null` for a variable with a default (and `nullable = false`) means the
            // default; otherwise null stays null.
            (Some((block, _)), Some(value))
                if value.is_null()
                    && block
                        .body
                        .attribute("nullable")
                        .is_some_and(|n| eval::evaluate(n.value).as_bool() == Some(false)) =>
            {
                default().unwrap_or(value)
            }
            (_, Some(value)) => value,
            (Some(_), None) => default().unwrap_or_else(|| {
                Val::unknown(format!("no value is given for `var.{name}`"), Some(at))
            }),
            (None, None) => {
                self.workspace
                    .warn(at, format!("reference to undeclared variable `var.{name}`"));
                Val::new(Kind::Invalid(format!("no variable `{name}`")), Some(at))
            }
        }
    }

    /// Instantiate the instances of a module call; their outputs as a value.
    fn call_module(&self, name: &str, at: Location) -> Val {
        let Some(&index) = self.declarations().call_index.get(name) else {
            self.workspace
                .warn(at, format!("reference to undeclared module `{name}`"));
            return Val::new(Kind::Invalid(format!("no module `{name}`")), Some(at));
        };
        let (_, block, file) = &self.declarations().calls[index];
        let (block, file) = (block.clone(), *file);
        let target = self
            .workspace
            .parsed
            .targets
            .get(&(self.instance.module, name.to_string()))
            .cloned()
            .unwrap_or(Target::Unread);
        let Target::Module(module) = target else {
            return Val::unknown(format!("module `{name}` is not read"), Some(at));
        };
        let call_at = Location {
            file,
            span: block.header,
        };
        if self.instance.chain.contains(&module) || self.instance.chain.len() >= MAX_MODULE_DEPTH {
            self.workspace.warn(
                call_at,
                format!("module `{name}` calls itself (a module cycle): not instantiated"),
            );
            return Val::unknown("a module cycle", Some(at));
        }
        self.workspace
            .called
            .borrow_mut()
            .insert(self.workspace.parsed.modules[module].dir.clone());
        let evaluator = Evaluator::new(self, file);
        self.instances_value(&block, file, at, |key, frame| {
            let mut inputs = HashMap::new();
            for (argument, attribute) in block.body.attributes() {
                if matches!(
                    argument,
                    "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                ) {
                    continue;
                }
                inputs.insert(argument.to_string(), evaluator.eval(attribute.value, frame));
            }
            let mut chain = self.instance.chain.clone();
            chain.push(module);
            let child = Rc::new(Instance {
                module,
                path: format!("{}module.{name}{key}", prefix(&self.instance.path)),
                inputs,
                chain,
                cache: RefCell::default(),
                resolving: RefCell::default(),
            });
            self.workspace
                .instances
                .borrow_mut()
                .push(Rc::clone(&child));
            let child_env = InstanceEnv {
                workspace: self.workspace,
                instance: &child,
            };
            let mut outputs = BTreeMap::new();
            for (output, expr, output_file) in &self.workspace.declarations[module].outputs {
                let value = Evaluator::new(&child_env, *output_file).eval(expr, &Frame::default());
                outputs.insert((*output).to_string(), value);
            }
            Val::map(outputs, Some(call_at))
        })
    }
}

impl Env for InstanceEnv<'_, '_> {
    fn variable(&self, name: &str, at: Location) -> Val {
        self.cached(&format!("var.{name}"), at, || {
            let value = self.variable_value(name, at);
            // Terraform converts every input to the declared type (optional attributes).
            match self
                .declarations()
                .variables
                .get(name)
                .and_then(|(block, _)| block.body.attribute("type"))
            {
                Some(declared_type) => eval::convert(value, declared_type.value),
                None => value,
            }
        })
    }

    fn local(&self, name: &str, at: Location) -> Val {
        self.cached(&format!("local.{name}"), at, || {
            let Some((expr, file)) = self.declarations().locals.get(name).copied() else {
                self.workspace.warn(
                    at,
                    format!("reference to undeclared local value `local.{name}`"),
                );
                return Val::new(Kind::Invalid(format!("no local `{name}`")), Some(at));
            };
            Evaluator::new(self, file).eval(expr, &Frame::default())
        })
    }
    fn resource(&self, kind: &str, name: &str, at: Location) -> Val {
        self.cached(&format!("{kind}.{name}"), at, || {
            let Some(&index) = self.declarations().resource_index.get(&(kind, name)) else {
                self.workspace.warn(
                    at,
                    format!("reference to undeclared resource `{kind}.{name}`"),
                );
                return Val::new(
                    Kind::Invalid(format!("no resource `{kind}.{name}`")),
                    Some(at),
                );
            };
            let (_, _, block, file) = &self.declarations().resources[index];
            let (block, file) = (block.clone(), *file);
            let prefix = prefix(&self.instance.path);
            self.instances_value(&block, file, at, |key, _| {
                Val::new(
                    Kind::Resource(format!("{prefix}{kind}.{name}{key}")),
                    Some(at),
                )
            })
        })
    }

    fn data(&self, kind: &str, name: &str, at: Location) -> Val {
        self.cached(&format!("data.{kind}.{name}"), at, || {
            let Some((block, file)) = self.declarations().data.get(&(kind, name)).cloned() else {
                self.workspace.warn(
                    at,
                    format!("reference to undeclared data source `data.{kind}.{name}`"),
                );
                return Val::new(Kind::Invalid(format!("no data `{kind}.{name}`")), Some(at));
            };
            let evaluator = Evaluator::new(self, file);
            self.instances_value(&block, file, at, |_, frame| {
                data_source(&evaluator, kind, &block, frame, at)
            })
        })
    }

    fn module(&self, name: &str, at: Location) -> Val {
        self.cached(&format!("module.{name}"), at, || self.call_module(name, at))
    }

    /// Paths as Terraform gives them: relative to the root module, where it runs.
    fn path(&self, name: &str) -> Option<String> {
        let modules = &self.workspace.parsed.modules;
        match name {
            "module" => {
                let relative = relative_to(&modules[self.instance.module].dir, &modules[0].dir);
                Some(if relative.as_os_str().is_empty() {
                    ".".to_string()
                } else {
                    crate::report::slash_path(&relative)
                })
            }
            "root" | "cwd" => Some(".".to_string()),
            _ => None,
        }
    }

    fn read_file(&self, path: &str) -> Option<(String, Location)> {
        let workspace = self.workspace;
        // Terraform runs in the root module: relative paths start there.
        let path = normalize(&workspace.parsed.modules[0].dir.join(path));
        let known = workspace
            .parsed
            .files
            .iter()
            .position(|file| normalize(&file.path) == path)
            .map(|index| (index, workspace.parsed.files[index].text.clone()))
            .or_else(|| {
                workspace
                    .extra_files
                    .borrow()
                    .iter()
                    .position(|file| file.path == path)
                    .map(|index| {
                        (
                            workspace.parsed.files.len() + index,
                            workspace.extra_files.borrow()[index].text.clone(),
                        )
                    })
            });
        let (index, text) = if let Some(found) = known {
            found
        } else {
            let mut file = workspace.reader.file(&path)?;
            file.path = path;
            let text = file.text.clone();
            workspace.offsets.borrow_mut().push(text.len());
            workspace.extra_files.borrow_mut().push(file);
            (
                workspace.parsed.files.len() + workspace.extra_files.borrow().len() - 1,
                text,
            )
        };
        let at = Location {
            file: FileId::try_from(index).unwrap_or(FileId::MAX),
            span: Span::new(0, text.len()),
        };
        Some((text, at))
    }
}

/// The attributes of a data source that the model reads; the others are unknown.
fn data_source(
    evaluator: &Evaluator<'_>,
    kind: &str,
    block: &Block<'_>,
    frame: &Frame,
    at: Location,
) -> Val {
    let pseudo = |name: &str| Val::new(Kind::Sym(Symbolic::pseudo(name)), Some(at));
    let object = |fields: Vec<(&str, Val)>| {
        Val::map(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            Some(at),
        )
    };
    match kind {
        "aws_iam_policy_document" => {
            let document = policy::document_value(evaluator, block, frame);
            object(vec![
                ("json", document.clone()),
                ("minified_json", document),
            ])
        }
        // The deploying account, partition and region: what CloudFormation calls pseudo
        // parameters.
        "aws_caller_identity" => object(vec![("account_id", pseudo("AWS::AccountId"))]),
        "aws_partition" => object(vec![("partition", pseudo("AWS::Partition"))]),
        "aws_region" => object(vec![
            ("name", pseudo("AWS::Region")),
            ("id", pseudo("AWS::Region")),
            ("region", pseudo("AWS::Region")),
        ]),
        _ => Val::unknown(
            format!("data source `{kind}` is read by Terraform"),
            Some(at),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KeyRef;
    use crate::model::policy::PolicyDocument;

    fn model_of(path: &str, text: &str) -> Model {
        let (model, errors) = load(&[SourceFile::new(PathBuf::from(path), text.to_string())]);
        assert!(errors.is_empty(), "{errors:?}");
        model
    }

    fn only_document(model: &Model) -> &PolicyDocument {
        let documents: Vec<&PolicyDocument> = model
            .queue_policies
            .iter()
            .filter_map(|policy| policy.props.document.as_ref())
            .chain(
                model
                    .identity_policies
                    .iter()
                    .filter_map(|policy| policy.props.document.as_ref()),
            )
            .collect();
        assert_eq!(documents.len(), 1, "{documents:?}");
        documents[0]
    }

    /// The offset of the first `needle` after `after` in `text`.
    fn offset(text: &str, after: &str, needle: &str) -> u32 {
        let from = text.find(after).unwrap();
        u32::try_from(from + text[from..].find(needle).unwrap()).unwrap()
    }

    #[test]
    fn escaped_quotes_inside_json_interpolations_are_read() {
        let text = r#"{
  "variable": { "mode": { "default": "plain" } },
  "resource": { "aws_sqs_queue": { "q": {
    "name": "${lookup({ a = \"x\" }, \"a\", \"\")}-$${literal}",
    "sqs_managed_sse_enabled": "${var.mode == \"plain\" ? false : true}"
  } } }
}"#;
        assert_eq!(
            unescape_interpolation_quotes(text).map(|t| t.len()),
            Some(text.len())
        );
        let model = model_of("main.tf.json", text);
        let queue = &model.queues[0].props;
        assert_eq!(
            queue.name.as_ref().and_then(|name| name.known()).cloned(),
            Some("x-${literal}".to_string())
        );
        assert_eq!(
            queue.sse_sqs_enabled.as_ref().and_then(|sse| sse.known()),
            Some(&false)
        );
        // Escapes outside interpolations are JSON's own: nothing to change.
        assert_eq!(
            unescape_interpolation_quotes(r#"{"a": "say \"hi\" // not a comment"}"#),
            None
        );
    }

    #[test]
    fn a_key_arn_built_from_the_deploying_partition_region_and_account_is_known() {
        let model = model_of(
            "main.tf",
            r#"
data "aws_partition" "p" {}
data "aws_region" "r" {}
data "aws_caller_identity" "me" {}
resource "aws_sqs_queue" "q" {
  kms_master_key_id = "arn:${data.aws_partition.p.partition}:kms:${data.aws_region.r.name}:${data.aws_caller_identity.me.account_id}:alias/aws/sqs"
}
resource "aws_sqs_queue" "unknown" {
  kms_master_key_id = "arn:aws:kms:eu-west-1:${var.account}:alias/aws/sqs"
}
variable "account" {}
"#,
        );
        let key = |index: usize| model.queues[index].props.kms_key.as_ref().unwrap();
        assert_eq!(
            key(0).known(),
            Some(&KeyRef::Literal("arn:*:kms:*:*:alias/aws/sqs".into()))
        );
        assert!(key(1).known().is_none());
    }

    #[test]
    fn a_dynamic_condition_is_located_where_its_key_is_written() {
        let text = r#"
locals {
  conditions = [
    { test = "Bool", variable = "aws:SecureTransport", values = ["true"] },
  ]
}
data "aws_iam_policy_document" "d" {
  statement {
    actions = ["sqs:SendMessage"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    dynamic "condition" {
      for_each = local.conditions
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
}
resource "aws_sqs_queue" "q" {
  policy = data.aws_iam_policy_document.d.json
}
"#;
        let model = model_of("main.tf", text);
        let statement = &only_document(&model).statements[0];
        let conditions = statement.conditions.as_ref().unwrap();
        let at = |key: &str| {
            conditions
                .clauses
                .iter()
                .find(|clause| clause.key == key)
                .unwrap()
                .at
                .span
                .start
        };
        assert_eq!(
            at("aws:SecureTransport"),
            offset(text, "conditions", "\"aws:Secure")
        );
        // A condition written in place stays at its block.
        assert_eq!(
            at("aws:SourceAccount"),
            offset(text, "}\n    }\n    condition {", "condition {")
        );
    }

    #[test]
    fn json_interpolated_where_a_template_expects_a_value_is_read_where_it_is_written() {
        let text = r#"
locals {
  actions = ["sqs:SendMessage", "sqs:ReceiveMessage"]
}
resource "aws_sqs_queue" "q" {
  policy = <<EOF
{
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "AWS": "${aws_iam_role.r.arn}" },
    "Action": ${jsonencode(local.actions)},
    "Resource": ${jsonencode(var.unknown)}
  }]
}
EOF
}
variable "unknown" {}
"#;
        let model = model_of("main.tf", text);
        let statement = &only_document(&model).statements[0];
        let actions = statement.actions.as_ref().unwrap();
        let names: Vec<String> = actions
            .values
            .iter()
            .map(|value| value.value.to_string())
            .collect();
        assert_eq!(names, vec!["sqs:SendMessage", "sqs:ReceiveMessage"]);
        assert_eq!(
            actions.values[1].at.span.start,
            offset(text, "actions", "\"sqs:Receive")
        );
        // A value not known there is an unknown string: the statement is still read.
        let resources = statement.resources.as_ref().unwrap();
        assert!(resources.unknown);
        assert!(statement.principals.is_some());
    }

    #[test]
    fn a_policy_value_written_below_the_policy_is_located_there() {
        let text = r#"
resource "aws_sqs_queue" "q" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = local.actions, Resource = "*" }]
  })
}
locals {
  actions = ["sqs:PurgeQueue"]
}
"#;
        let model = model_of("main.tf", text);
        let actions = only_document(&model).statements[0]
            .actions
            .as_ref()
            .unwrap();
        assert_eq!(actions.at.span.start, offset(text, "locals", "["));
    }
}
