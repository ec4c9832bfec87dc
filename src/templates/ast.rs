//! A compact binary form of Tera's parsed templates. The build script parses the
//! built-in templates once and stores them in this form; the program reads them back in
//! a few milliseconds instead of running Tera's parser, which took a third of the time
//! of a whole pack. Shared with the build script, so it depends on nothing but Tera.
//!
//! Maps are written in key order, so that the same templates give the same bytes.

use std::collections::HashMap;

use tera::ast::{
    Block, Expr, ExprVal, FilterSection, FunctionCall, If, In, LogicExpr, LogicOperator, MacroCall,
    MacroDefinition, MathExpr, MathOperator, Node, Set, StringConcat, Test, WS,
};

/// Appends the encoding of `nodes` to `out`.
pub fn encode(nodes: &[Node], out: &mut Vec<u8>) {
    Writer { out }.nodes(nodes);
}

/// Appends a length-prefixed string, as [`Reader::str`] reads it.
pub fn put_str(s: &str, out: &mut Vec<u8>) {
    Writer { out }.str(s);
}

/// Appends a count, as [`Reader::count`] reads it.
pub fn put_count(n: usize, out: &mut Vec<u8>) {
    Writer { out }.count(n);
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    fn count(&mut self, n: usize) {
        // Lengths are small; 32 bits is plenty and keeps the reader simple.
        self.out
            .extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
    }

    fn bool(&mut self, b: bool) {
        self.byte(u8::from(b));
    }

    fn str(&mut self, s: &str) {
        self.count(s.len());
        self.out.extend_from_slice(s.as_bytes());
    }

    fn ws(&mut self, ws: WS) {
        self.byte(u8::from(ws.left) | (u8::from(ws.right) << 1));
    }

    fn nodes(&mut self, nodes: &[Node]) {
        self.count(nodes.len());
        for node in nodes {
            self.node(node);
        }
    }

    fn opt_nodes(&mut self, nodes: &Option<Vec<Node>>) {
        match nodes {
            Some(nodes) => {
                self.byte(1);
                self.nodes(nodes);
            }
            None => self.byte(0),
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Super => self.byte(0),
            Node::Text(text) => {
                self.byte(1);
                self.str(text);
            }
            Node::VariableBlock(ws, expr) => {
                self.byte(2);
                self.ws(*ws);
                self.expr(expr);
            }
            Node::MacroDefinition(a, def, b) => {
                self.byte(3);
                self.ws(*a);
                self.str(&def.name);
                let mut args: Vec<_> = def.args.iter().collect();
                args.sort_by(|x, y| x.0.cmp(y.0));
                self.count(args.len());
                for (name, default) in args {
                    self.str(name);
                    match default {
                        Some(expr) => {
                            self.byte(1);
                            self.expr(expr);
                        }
                        None => self.byte(0),
                    }
                }
                self.nodes(&def.body);
                self.ws(*b);
            }
            Node::Extends(ws, name) => {
                self.byte(4);
                self.ws(*ws);
                self.str(name);
            }
            Node::Include(ws, names, ignore_missing) => {
                self.byte(5);
                self.ws(*ws);
                self.count(names.len());
                for name in names {
                    self.str(name);
                }
                self.bool(*ignore_missing);
            }
            Node::ImportMacro(ws, file, namespace) => {
                self.byte(6);
                self.ws(*ws);
                self.str(file);
                self.str(namespace);
            }
            Node::Set(ws, set) => {
                self.byte(7);
                self.ws(*ws);
                self.str(&set.key);
                self.expr(&set.value);
                self.bool(set.global);
            }
            Node::Raw(a, text, b) => {
                self.byte(8);
                self.ws(*a);
                self.str(text);
                self.ws(*b);
            }
            Node::FilterSection(a, section, b) => {
                self.byte(9);
                self.ws(*a);
                self.call(&section.filter);
                self.nodes(&section.body);
                self.ws(*b);
            }
            Node::Block(a, block, b) => {
                self.byte(10);
                self.ws(*a);
                self.str(&block.name);
                self.nodes(&block.body);
                self.ws(*b);
            }
            Node::Forloop(a, each, b) => {
                self.byte(11);
                self.ws(*a);
                match &each.key {
                    Some(key) => {
                        self.byte(1);
                        self.str(key);
                    }
                    None => self.byte(0),
                }
                self.str(&each.value);
                self.expr(&each.container);
                self.nodes(&each.body);
                self.opt_nodes(&each.empty_body);
                self.ws(*b);
            }
            Node::If(branches, ws) => {
                self.byte(12);
                self.count(branches.conditions.len());
                for (ws, condition, body) in &branches.conditions {
                    self.ws(*ws);
                    self.expr(condition);
                    self.nodes(body);
                }
                match &branches.otherwise {
                    Some((ws, body)) => {
                        self.byte(1);
                        self.ws(*ws);
                        self.nodes(body);
                    }
                    None => self.byte(0),
                }
                self.ws(*ws);
            }
            Node::Break(ws) => {
                self.byte(13);
                self.ws(*ws);
            }
            Node::Continue(ws) => {
                self.byte(14);
                self.ws(*ws);
            }
            Node::Comment(ws, text) => {
                self.byte(15);
                self.ws(*ws);
                self.str(text);
            }
        }
    }

    fn args(&mut self, args: &HashMap<String, Expr>) {
        let mut args: Vec<_> = args.iter().collect();
        args.sort_by(|x, y| x.0.cmp(y.0));
        self.count(args.len());
        for (name, expr) in args {
            self.str(name);
            self.expr(expr);
        }
    }

    fn call(&mut self, call: &FunctionCall) {
        self.str(&call.name);
        self.args(&call.args);
    }

    fn exprs(&mut self, exprs: &[Expr]) {
        self.count(exprs.len());
        for expr in exprs {
            self.expr(expr);
        }
    }

    fn expr(&mut self, expr: &Expr) {
        self.val(&expr.val);
        self.bool(expr.negated);
        self.count(expr.filters.len());
        for filter in &expr.filters {
            self.call(filter);
        }
    }

    fn val(&mut self, val: &ExprVal) {
        match val {
            ExprVal::String(s) => {
                self.byte(0);
                self.str(s);
            }
            ExprVal::Int(n) => {
                self.byte(1);
                self.out.extend_from_slice(&n.to_le_bytes());
            }
            ExprVal::Float(f) => {
                self.byte(2);
                self.out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            ExprVal::Bool(b) => {
                self.byte(3);
                self.bool(*b);
            }
            ExprVal::Ident(s) => {
                self.byte(4);
                self.str(s);
            }
            ExprVal::Math(math) => {
                self.byte(5);
                self.expr(&math.lhs);
                self.expr(&math.rhs);
                self.byte(match math.operator {
                    MathOperator::Add => 0,
                    MathOperator::Sub => 1,
                    MathOperator::Mul => 2,
                    MathOperator::Div => 3,
                    MathOperator::Modulo => 4,
                });
            }
            ExprVal::Logic(logic) => {
                self.byte(6);
                self.expr(&logic.lhs);
                self.expr(&logic.rhs);
                self.byte(match logic.operator {
                    LogicOperator::Gt => 0,
                    LogicOperator::Gte => 1,
                    LogicOperator::Lt => 2,
                    LogicOperator::Lte => 3,
                    LogicOperator::Eq => 4,
                    LogicOperator::NotEq => 5,
                    LogicOperator::And => 6,
                    LogicOperator::Or => 7,
                });
            }
            ExprVal::Test(test) => {
                self.byte(7);
                self.str(&test.ident);
                self.bool(test.negated);
                self.str(&test.name);
                self.exprs(&test.args);
            }
            ExprVal::MacroCall(call) => {
                self.byte(8);
                self.str(&call.namespace);
                self.str(&call.name);
                self.args(&call.args);
            }
            ExprVal::FunctionCall(call) => {
                self.byte(9);
                self.call(call);
            }
            ExprVal::Array(items) => {
                self.byte(10);
                self.exprs(items);
            }
            ExprVal::StringConcat(concat) => {
                self.byte(11);
                self.count(concat.values.len());
                for value in &concat.values {
                    self.val(value);
                }
            }
            ExprVal::In(within) => {
                self.byte(12);
                self.expr(&within.lhs);
                self.expr(&within.rhs);
                self.bool(within.negated);
            }
        }
    }
}

/// Reads what [`encode`], [`put_str`] and [`put_count`] wrote; every method returns
/// `None` on bytes that are not such an encoding.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// A string borrowed from the bytes.
    pub fn str(&mut self) -> Option<&'a str> {
        let n = self.count()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// True when every byte has been read.
    pub fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// The next `n` bytes, borrowed.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub fn count(&mut self) -> Option<usize> {
        let raw: [u8; 4] = self.take(4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(raw)).ok()
    }

    fn u64(&mut self) -> Option<u64> {
        let raw: [u8; 8] = self.take(8)?.try_into().ok()?;
        Some(u64::from_le_bytes(raw))
    }

    fn bool(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    fn ws(&mut self) -> Option<WS> {
        let b = self.byte()?;
        Some(WS {
            left: b & 1 != 0,
            right: b & 2 != 0,
        })
    }

    /// A count of items still to read, checked against what is left, so that a damaged
    /// length cannot ask for a huge allocation.
    fn items(&mut self) -> Option<usize> {
        let n = self.count()?;
        (n <= self.bytes.len() - self.at).then_some(n)
    }

    pub fn nodes(&mut self) -> Option<Vec<Node>> {
        let n = self.items()?;
        (0..n).map(|_| self.node()).collect()
    }

    fn opt_nodes(&mut self) -> Option<Option<Vec<Node>>> {
        Some(match self.bool()? {
            true => Some(self.nodes()?),
            false => None,
        })
    }

    fn node(&mut self) -> Option<Node> {
        Some(match self.byte()? {
            0 => Node::Super,
            1 => Node::Text(self.string()?),
            2 => Node::VariableBlock(self.ws()?, self.expr()?),
            3 => {
                let a = self.ws()?;
                let name = self.string()?;
                let n = self.items()?;
                let mut args = HashMap::with_capacity(n);
                for _ in 0..n {
                    let arg = self.string()?;
                    let default = match self.bool()? {
                        true => Some(self.expr()?),
                        false => None,
                    };
                    args.insert(arg, default);
                }
                let body = self.nodes()?;
                Node::MacroDefinition(a, MacroDefinition { name, args, body }, self.ws()?)
            }
            4 => Node::Extends(self.ws()?, self.string()?),
            5 => {
                let ws = self.ws()?;
                let n = self.items()?;
                let names = (0..n).map(|_| self.string()).collect::<Option<_>>()?;
                Node::Include(ws, names, self.bool()?)
            }
            6 => Node::ImportMacro(self.ws()?, self.string()?, self.string()?),
            7 => {
                let ws = self.ws()?;
                let key = self.string()?;
                let value = self.expr()?;
                let global = self.bool()?;
                Node::Set(ws, Set { key, value, global })
            }
            8 => Node::Raw(self.ws()?, self.string()?, self.ws()?),
            9 => {
                let a = self.ws()?;
                let filter = self.call()?;
                let body = self.nodes()?;
                Node::FilterSection(a, FilterSection { filter, body }, self.ws()?)
            }
            10 => {
                let a = self.ws()?;
                let name = self.string()?;
                let body = self.nodes()?;
                Node::Block(a, Block { name, body }, self.ws()?)
            }
            11 => {
                let a = self.ws()?;
                let key = match self.bool()? {
                    true => Some(self.string()?),
                    false => None,
                };
                let value = self.string()?;
                let container = self.expr()?;
                let body = self.nodes()?;
                let empty_body = self.opt_nodes()?;
                let each = tera::ast::Forloop {
                    key,
                    value,
                    container,
                    body,
                    empty_body,
                };
                Node::Forloop(a, each, self.ws()?)
            }
            12 => {
                let n = self.items()?;
                let mut conditions = Vec::with_capacity(n);
                for _ in 0..n {
                    conditions.push((self.ws()?, self.expr()?, self.nodes()?));
                }
                let otherwise = match self.bool()? {
                    true => Some((self.ws()?, self.nodes()?)),
                    false => None,
                };
                Node::If(
                    If {
                        conditions,
                        otherwise,
                    },
                    self.ws()?,
                )
            }
            13 => Node::Break(self.ws()?),
            14 => Node::Continue(self.ws()?),
            15 => Node::Comment(self.ws()?, self.string()?),
            _ => return None,
        })
    }

    fn args(&mut self) -> Option<HashMap<String, Expr>> {
        let n = self.items()?;
        let mut args = HashMap::with_capacity(n);
        for _ in 0..n {
            let name = self.string()?;
            args.insert(name, self.expr()?);
        }
        Some(args)
    }

    fn call(&mut self) -> Option<FunctionCall> {
        Some(FunctionCall {
            name: self.string()?,
            args: self.args()?,
        })
    }

    fn exprs(&mut self) -> Option<Vec<Expr>> {
        let n = self.items()?;
        (0..n).map(|_| self.expr()).collect()
    }

    fn expr(&mut self) -> Option<Expr> {
        let val = self.val()?;
        let negated = self.bool()?;
        let n = self.items()?;
        let filters = (0..n).map(|_| self.call()).collect::<Option<_>>()?;
        Some(Expr {
            val,
            negated,
            filters,
        })
    }

    fn val(&mut self) -> Option<ExprVal> {
        Some(match self.byte()? {
            0 => ExprVal::String(self.string()?),
            1 => ExprVal::Int(self.u64()? as i64),
            2 => ExprVal::Float(f64::from_bits(self.u64()?)),
            3 => ExprVal::Bool(self.bool()?),
            4 => ExprVal::Ident(self.string()?),
            5 => {
                let lhs = Box::new(self.expr()?);
                let rhs = Box::new(self.expr()?);
                let operator = match self.byte()? {
                    0 => MathOperator::Add,
                    1 => MathOperator::Sub,
                    2 => MathOperator::Mul,
                    3 => MathOperator::Div,
                    4 => MathOperator::Modulo,
                    _ => return None,
                };
                ExprVal::Math(MathExpr { lhs, rhs, operator })
            }
            6 => {
                let lhs = Box::new(self.expr()?);
                let rhs = Box::new(self.expr()?);
                let operator = match self.byte()? {
                    0 => LogicOperator::Gt,
                    1 => LogicOperator::Gte,
                    2 => LogicOperator::Lt,
                    3 => LogicOperator::Lte,
                    4 => LogicOperator::Eq,
                    5 => LogicOperator::NotEq,
                    6 => LogicOperator::And,
                    7 => LogicOperator::Or,
                    _ => return None,
                };
                ExprVal::Logic(LogicExpr { lhs, rhs, operator })
            }
            7 => ExprVal::Test(Test {
                ident: self.string()?,
                negated: self.bool()?,
                name: self.string()?,
                args: self.exprs()?,
            }),
            8 => ExprVal::MacroCall(MacroCall {
                namespace: self.string()?,
                name: self.string()?,
                args: self.args()?,
            }),
            9 => ExprVal::FunctionCall(self.call()?),
            10 => ExprVal::Array(self.exprs()?),
            11 => {
                let n = self.items()?;
                let values = (0..n).map(|_| self.val()).collect::<Option<_>>()?;
                ExprVal::StringConcat(StringConcat { values })
            }
            12 => ExprVal::In(In {
                lhs: Box::new(self.expr()?),
                rhs: Box::new(self.expr()?),
                negated: self.bool()?,
            }),
            _ => return None,
        })
    }
}
