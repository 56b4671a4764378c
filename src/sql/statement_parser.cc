// Parser::ParseStatement and friends: the statements around queries (SET,
// USE, CREATE VIEW / TABLE, SHOW, DESCRIBE, EXPLAIN, CACHE, INSERT, DROP),
// following the statement rules of Spark's SqlBaseParser.g4, and the script
// splitter.
#include <cctype>
#include <string>

#include "common/error.h"
#include "common/strings.h"
#include "sql/parser.h"

namespace tarn::sql {
namespace {

SourcePos PosOf(const Token& t) { return SourcePos{t.line, t.column, t.offset}; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// A token that can start the query of DESCRIBE QUERY / INSERT.
bool StartsQuery(const Token& t) {
  return t.IsOperator("(") || t.IsKeyword("SELECT") || t.IsKeyword("WITH") || t.IsKeyword("VALUES") ||
         t.IsKeyword("TABLE");
}

std::string JoinName(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + parts[i];
  return out;
}

bool IsName(const Token& t) { return t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kQuotedIdentifier; }

// Spark's SET / RESET key pattern: [a-zA-Z_0-9.:]+ (SparkSqlParser).
bool IsConfigKey(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// Bounds EXPLAIN EXPLAIN ... so that hostile input cannot overflow the stack.
constexpr int kMaxStatementDepth = 64;

}  // namespace

std::shared_ptr<Statement> Parser::ParseStatementText(std::string_view sql) {
  Parser parser(sql);
  if (parser.AtEnd() || (parser.Peek().IsOperator(";") && parser.Peek(1).kind == TokenKind::kEnd)) {
    Error error(ErrorClass::kParseEmptyStatement, {});
    error.mutable_info().line = parser.Peek().line;
    error.mutable_info().column = parser.Peek().column;
    throw error;
  }
  std::shared_ptr<Statement> statement = parser.ParseStatement();
  parser.AcceptOperator(";");
  if (!parser.AtEnd()) parser.Fail(parser.Peek());
  return statement;
}

std::shared_ptr<Statement> Parser::ParseStatement() { return ParseStatementAt(0); }

bool Parser::AtStatementEnd() const { return AtEnd() || Peek().IsOperator(";"); }

std::shared_ptr<Statement> Parser::ParseStatementAt(int depth) {
  const Token& t = Peek();
  if (depth > kMaxStatementDepth) Fail(t, ": the statement is nested too deeply");
  auto statement = std::make_shared<Statement>();
  Statement& s = *statement;
  s.pos = PosOf(t);
  if (t.IsOperator("(") || (AtQueryStart() && !t.IsKeyword("FROM"))) {
    s.kind = StatementKind::kQuery;
    s.query = ParseQuery();
    return statement;
  }
  if (t.kind != TokenKind::kIdentifier) Fail(t);
  if (t.IsKeyword("SET")) {
    ParseSet(s, Advance());
  } else if (t.IsKeyword("RESET")) {
    ParseReset(s, Advance());
  } else if (t.IsKeyword("USE")) {
    Advance();
    s.kind = StatementKind::kUse;
    const Token& kind = Peek();
    if ((kind.IsKeyword("CATALOG") || kind.IsKeyword("SCHEMA") || kind.IsKeyword("DATABASE") ||
         kind.IsKeyword("NAMESPACE")) &&
        !Peek(1).IsOperator(".") && !Peek(1).IsOperator(";") && Peek(1).kind != TokenKind::kEnd) {
      s.mode = Upper(Advance().text);
    }
    if (s.mode == "CATALOG" && Peek().kind == TokenKind::kString) {
      s.name.push_back(Advance().value);
    } else {
      s.name = ParseMultipartName();
    }
  } else if (t.IsKeyword("CREATE")) {
    Advance();
    ParseCreate(s);
  } else if (t.IsKeyword("DROP")) {
    Advance();
    if (AcceptKeyword("VIEW")) {
      s.kind = StatementKind::kDropView;
    } else {
      ExpectKeyword("TABLE");
      s.kind = StatementKind::kDropTable;
    }
    if (Peek().IsKeyword("IF") && Peek(1).IsKeyword("EXISTS")) {
      Advance();
      Advance();
      s.if_exists = true;
    }
    s.name = ParseMultipartName();
    if (s.kind == StatementKind::kDropTable) AcceptKeyword("PURGE");
  } else if (t.IsKeyword("SHOW")) {
    Advance();
    ParseShow(s);
  } else if (t.IsKeyword("DESCRIBE") || t.IsKeyword("DESC")) {
    Advance();
    ParseDescribe(s);
  } else if (t.IsKeyword("EXPLAIN")) {
    Advance();
    s.kind = StatementKind::kExplain;
    for (std::string_view mode : {"LOGICAL", "FORMATTED", "EXTENDED", "CODEGEN", "COST", "ANALYZE"}) {
      if (Peek().IsKeyword(mode)) {
        s.mode = Upper(Advance().text);
        break;
      }
    }
    s.inner = ParseStatementAt(depth + 1);
  } else if (t.IsKeyword("CACHE")) {
    Advance();
    s.kind = StatementKind::kCacheTable;
    s.lazy = AcceptKeyword("LAZY");
    ExpectKeyword("TABLE");
    s.name = ParseMultipartName();
    if (AcceptKeyword("OPTIONS")) s.options = ParsePropertyList();
    const bool as = AcceptKeyword("AS");
    if (as || !AtStatementEnd()) {
      if (!Peek().IsOperator("(") && !AtQueryStart()) Fail(Peek());
      s.query = ParseQuery();
    }
  } else if (t.IsKeyword("UNCACHE")) {
    Advance();
    s.kind = StatementKind::kUncacheTable;
    ExpectKeyword("TABLE");
    if (Peek().IsKeyword("IF") && Peek(1).IsKeyword("EXISTS")) {
      Advance();
      Advance();
      s.if_exists = true;
    }
    s.name = ParseMultipartName();
  } else if (t.IsKeyword("CLEAR")) {
    Advance();
    ExpectKeyword("CACHE");
    s.kind = StatementKind::kClearCache;
  } else if (t.IsKeyword("REFRESH")) {
    Advance();
    ExpectKeyword("TABLE");
    s.kind = StatementKind::kRefreshTable;
    s.name = ParseMultipartName();
  } else if (t.IsKeyword("INSERT")) {
    Advance();
    ParseInsert(s);
  } else if (t.IsKeyword("RESTORE")) {
    Advance();
    ParseRestore(s);
  } else if (t.IsKeyword("DELETE") && Peek(1).IsKeyword("FROM")) {
    Advance();
    ParseDelete(s);
  } else if (t.IsKeyword("UPDATE")) {
    Advance();
    ParseUpdate(s);
  } else if (t.IsKeyword("MERGE")) {
    Advance();
    ParseMerge(s);
  } else if (t.IsKeyword("ALTER")) {
    Advance();
    ParseAlterTable(s);
  } else if (t.IsKeyword("OPTIMIZE") || t.IsKeyword("VACUUM") || t.IsKeyword("REORG") || t.IsKeyword("ANALYZE")) {
    ParseMaintenance(s);
  } else {
    Fail(t);
  }
  return statement;
}

// SET; SET -v; SET key; SET key = value; SET TIME ZONE ... . The key and the
// value are raw text (Spark matches them with a pattern, not the grammar).
void Parser::ParseSet(Statement& s, const Token& set) {
  s.kind = StatementKind::kSet;
  if (AtStatementEnd()) return;
  const Token& first = Peek();
  if (first.IsOperator("-") && Peek(1).IsKeyword("v") && Peek(1).offset == first.offset + 1) {
    Advance();
    Advance();
    if (!AtStatementEnd()) Fail(Peek());
    s.verbose = true;
    return;
  }
  if (first.IsKeyword("TIME") && Peek(1).IsKeyword("ZONE")) {
    Advance();
    Advance();
    s.key = "spark.sql.session.timeZone";
    s.has_value = true;
    if (Peek().kind == TokenKind::kString) {
      s.value = Advance().value;
    } else if (AcceptKeyword("LOCAL")) {
      s.value = "LOCAL";
    } else if (Peek().IsKeyword("INTERVAL")) {
      const size_t begin = Peek().offset;
      ExprPtr interval = ParseExpression();
      s.value = std::string(Trim(std::string_view(sql_).substr(begin, Peek().offset - begin)));
    } else {
      Fail(Peek());
    }
    return;
  }
  // The rest of the statement: up to the first ';' token.
  size_t equals = 0;  // token index of the first '='
  size_t last = pos_;
  for (size_t i = pos_; i < tokens_.size() && tokens_[i].kind != TokenKind::kEnd && !tokens_[i].IsOperator(";"); ++i) {
    if (equals == 0 && tokens_[i].IsOperator("=")) equals = i;
    last = i;
  }
  const auto text = [&](size_t from, size_t to) {  // source of tokens [from, to]
    return std::string(sql_.substr(tokens_[from].offset, tokens_[to].offset + tokens_[to].length - tokens_[from].offset));
  };
  const size_t key_end = equals == 0 ? last : equals - 1;
  if (equals == pos_) Fail(first, ": a SET needs a key before '='");
  if (first.kind == TokenKind::kQuotedIdentifier && key_end == pos_) {
    s.key = first.value;
  } else {
    s.key = text(pos_, key_end);
    if (!IsConfigKey(s.key)) Fail(first, ": expected SET, SET key or SET key=value");
  }
  if (equals != 0) {
    s.has_value = true;
    if (equals < last) {
      s.value = text(equals + 1, last);
      if (equals + 1 == last && tokens_[last].kind == TokenKind::kQuotedIdentifier) s.value = tokens_[last].value;
    }
  }
  pos_ = last + 1;
  (void)set;
}

void Parser::ParseReset(Statement& s, const Token& reset) {
  s.kind = StatementKind::kReset;
  (void)reset;
  if (AtStatementEnd()) return;
  const Token& first = Peek();
  size_t last = pos_;
  for (size_t i = pos_; i < tokens_.size() && tokens_[i].kind != TokenKind::kEnd && !tokens_[i].IsOperator(";"); ++i) {
    last = i;
  }
  if (first.kind == TokenKind::kQuotedIdentifier && last == pos_) {
    s.key = first.value;
  } else {
    s.key = std::string(sql_.substr(first.offset, tokens_[last].offset + tokens_[last].length - first.offset));
    if (!IsConfigKey(s.key)) Fail(first, ": expected RESET or RESET key");
  }
  pos_ = last + 1;
}

void Parser::ParseCreate(Statement& s) {
  if (Peek().IsKeyword("OR") && Peek(1).IsKeyword("REPLACE")) {
    Advance();
    Advance();
    s.or_replace = true;
  }
  s.global = AcceptKeyword("GLOBAL");
  s.temporary = AcceptKeyword("TEMPORARY") || AcceptKeyword("TEMP");
  if (s.global && !s.temporary) Fail(Peek());
  if (AcceptKeyword("VIEW")) {
    ParseCreateView(s);
    return;
  }
  if (s.temporary) Fail(Peek());
  ExpectKeyword("TABLE");
  ParseCreateTable(s);
}

void Parser::ParseCreateView(Statement& s) {
  s.kind = StatementKind::kCreateView;
  const Token& if_token = Peek();
  if (if_token.IsKeyword("IF")) {
    Advance();
    ExpectKeyword("NOT");
    ExpectKeyword("EXISTS");
    s.if_not_exists = true;
    // Spark: "CREATE VIEW with both IF NOT EXISTS and REPLACE is not allowed."
    if (s.or_replace) Fail(if_token, ": CREATE OR REPLACE VIEW cannot have IF NOT EXISTS");
  }
  s.name = ParseMultipartName();
  bool typed_columns = false;
  if (Peek().IsOperator("(")) {
    // A view's column list has names and comments; a temp view USING a
    // format has a schema with types.
    const bool types = !Peek(2).IsOperator(",") && !Peek(2).IsOperator(")") && !Peek(2).IsKeyword("COMMENT");
    s.columns = ParseColumnDefinitions(types);
    typed_columns = types;
  }
  if (AcceptKeyword("USING")) {
    if (!s.temporary) Fail(tokens_[pos_ - 1]);
    s.format = JoinName(ParseMultipartName());
    if (AcceptKeyword("OPTIONS")) s.options = ParsePropertyList();
    return;
  }
  if (typed_columns) Fail(Peek());
  for (;;) {
    if (AcceptKeyword("COMMENT")) {
      s.has_comment = true;
      s.comment = ExpectString();
    } else if (AcceptKeyword("TBLPROPERTIES")) {
      s.properties = ParsePropertyList();
    } else {
      break;
    }
  }
  ExpectKeyword("AS");
  s.query = ParseQuery();
}

void Parser::ParseCreateTable(Statement& s) {
  s.kind = StatementKind::kCreateTable;
  if (Peek().IsKeyword("IF")) {
    Advance();
    ExpectKeyword("NOT");
    ExpectKeyword("EXISTS");
    s.if_not_exists = true;
  }
  s.name = ParseMultipartName();
  if (Peek().IsOperator("(") && !(Peek(1).IsKeyword("SELECT") || Peek(1).IsKeyword("WITH") || Peek(1).IsOperator("("))) {
    s.columns = ParseColumnDefinitions(/*types=*/true);
  }
  if (AcceptKeyword("USING")) s.format = JoinName(ParseMultipartName());
  for (;;) {
    const Token& t = Peek();
    if (AcceptKeyword("OPTIONS")) {
      s.options = ParsePropertyList();
    } else if (t.IsKeyword("PARTITIONED") && Peek(1).IsKeyword("BY")) {
      Advance();
      Advance();
      ExpectOperator("(");
      do {
        const Token& name_token = Peek();
        std::string name = ExpectIdentifier();
        if (Peek().IsOperator("(")) {
          // A transform: years(ts), bucket(4, id).
          s.partitioned_by.push_back(ToString(*ParseFunctionCall({name}, name_token)));
          continue;
        }
        if (!Peek().IsOperator(",") && !Peek().IsOperator(")")) {
          ColumnDefinition column;
          column.name = name;
          column.type = ParseDataType();
          s.columns.push_back(std::move(column));
        }
        s.partitioned_by.push_back(std::move(name));
      } while (AcceptOperator(","));
      ExpectOperator(")");
    } else if (t.IsKeyword("CLUSTERED") && Peek(1).IsKeyword("BY")) {
      Advance();
      Advance();
      s.clustered_by = ParseIdentifierList();
      if (Peek().IsKeyword("SORTED") && Peek(1).IsKeyword("BY")) {
        Advance();
        Advance();
        ExpectOperator("(");
        do {
          std::string name = ExpectIdentifier();
          if (AcceptKeyword("DESC")) {
            name += " DESC";
          } else {
            AcceptKeyword("ASC");
          }
          s.sorted_by.push_back(std::move(name));
        } while (AcceptOperator(","));
        ExpectOperator(")");
      }
      ExpectKeyword("INTO");
      const Token& n = Peek();
      if (n.kind != TokenKind::kNumber || n.number != NumberKind::kInteger || n.value.size() > 9) Fail(n);
      Advance();
      s.buckets = std::stoll(n.value);
      ExpectKeyword("BUCKETS");
    } else if (t.IsKeyword("STORED") && Peek(1).IsKeyword("AS")) {
      Advance();
      Advance();
      s.format = ExpectIdentifier();
    } else if (t.IsKeyword("CLUSTER") && Peek(1).IsKeyword("BY")) {
      Advance();
      Advance();
      ParseClusterBy(s);
    } else if (AcceptKeyword("LOCATION")) {
      s.has_location = true;
      s.location = ExpectString();
    } else if (AcceptKeyword("COMMENT")) {
      s.has_comment = true;
      s.comment = ExpectString();
    } else if (AcceptKeyword("TBLPROPERTIES")) {
      s.properties = ParsePropertyList();
    } else {
      break;
    }
  }
  if (AcceptKeyword("AS") || Peek().IsOperator("(") || (AtQueryStart() && !Peek().IsKeyword("FROM"))) {
    s.query = ParseQuery();
  }
}

void Parser::ParseShow(Statement& s) {
  const Token& t = Peek();
  // IN|FROM namespace, then [LIKE] pattern.
  auto in_namespace = [&] {
    if (AcceptKeyword("IN") || AcceptKeyword("FROM")) s.in_namespace = ParseMultipartName();
  };
  auto pattern = [&](bool legacy_name) {
    const bool like = AcceptKeyword("LIKE");
    if (Peek().kind == TokenKind::kString) {
      s.has_pattern = true;
      s.pattern = Advance().value;
    } else if (legacy_name && IsName(Peek())) {
      s.has_pattern = true;
      s.pattern = JoinName(ParseMultipartName());
    } else if (like) {
      Fail(Peek());
    }
  };
  if ((t.IsKeyword("USER") || t.IsKeyword("SYSTEM") || t.IsKeyword("ALL")) && Peek(1).IsKeyword("FUNCTIONS")) {
    s.mode = Upper(Advance().text);
  }
  if (AcceptKeyword("FUNCTIONS")) {
    s.kind = StatementKind::kShowFunctions;
    in_namespace();
    pattern(/*legacy_name=*/true);
  } else if (AcceptKeyword("VIEWS")) {
    s.kind = StatementKind::kShowViews;
    in_namespace();
    pattern(false);
  } else if (AcceptKeyword("TABLES")) {
    s.kind = StatementKind::kShowTables;
    in_namespace();
    pattern(false);
  } else if (AcceptKeyword("TBLPROPERTIES")) {
    s.kind = StatementKind::kShowTblProperties;
    s.name = ParseMultipartName();
    if (AcceptOperator("(")) {
      s.key = Peek().kind == TokenKind::kString ? Advance().value : JoinName(ParseMultipartName());
      ExpectOperator(")");
    }
  } else if (AcceptKeyword("COLUMNS")) {
    s.kind = StatementKind::kShowColumns;
    if (!AcceptKeyword("IN")) ExpectKeyword("FROM");
    s.name = ParseMultipartName();
    in_namespace();
  } else if (AcceptKeyword("DATABASES") || AcceptKeyword("SCHEMAS") || AcceptKeyword("NAMESPACES")) {
    s.kind = StatementKind::kShowDatabases;
    in_namespace();
    pattern(false);
  } else {
    Fail(Peek());
  }
}

void Parser::ParseDescribe(Statement& s) {
  const Token& t = Peek();
  const bool more = !Peek(1).IsOperator(";") && Peek(1).kind != TokenKind::kEnd;
  if (t.IsKeyword("FUNCTION") && more) {
    Advance();
    s.kind = StatementKind::kDescribeFunction;
    if (Peek().IsKeyword("EXTENDED") && !Peek(1).IsOperator(";") && Peek(1).kind != TokenKind::kEnd) {
      Advance();
      s.extended = true;
    }
    // describeFuncName: a name, a string, or an operator (DESC FUNCTION +).
    const Token& name = Peek();
    if (name.kind == TokenKind::kString) {
      s.name.push_back(Advance().value);
    } else if (name.kind == TokenKind::kOperator && !name.IsOperator(";") && !name.IsOperator("(") &&
               !name.IsOperator(")") && !name.IsOperator(",") && !name.IsOperator(".")) {
      s.name.push_back(Advance().text);
    } else {
      s.name = ParseMultipartName();
    }
    return;
  }
  if (t.IsKeyword("QUERY") && more && (Peek(1).IsOperator("(") || StartsQuery(Peek(1)))) {
    Advance();
    s.kind = StatementKind::kDescribeQuery;
    s.query = ParseQuery();
    return;
  }
  if (t.IsOperator("(") || (AtQueryStart() && !t.IsKeyword("TABLE") && !t.IsKeyword("FROM"))) {
    s.kind = StatementKind::kDescribeQuery;
    s.query = ParseQuery();
    return;
  }
  // Delta's DESCRIBE HISTORY / DETAIL (a table named history is still described).
  if ((t.IsKeyword("HISTORY") || t.IsKeyword("DETAIL")) && more && IsName(Peek(1)) &&
      (Peek(2).IsOperator(".") || Peek(2).IsOperator(";") || Peek(2).kind == TokenKind::kEnd ||
       Peek(2).IsKeyword("LIMIT"))) {
    s.kind = Advance().IsKeyword("HISTORY") ? StatementKind::kDescribeHistory : StatementKind::kDescribeDetail;
    s.name = ParseMultipartName();
    if (s.kind == StatementKind::kDescribeHistory && AcceptKeyword("LIMIT")) {
      const Token& n = Peek();
      if (n.kind != TokenKind::kNumber || n.number != NumberKind::kInteger || n.value.size() > 9) Fail(n);
      Advance();
      s.limit = std::stoll(n.value);
    }
    return;
  }
  s.kind = StatementKind::kDescribeTable;
  if (t.IsKeyword("TABLE") && more) Advance();
  const Token& option = Peek();
  if ((option.IsKeyword("EXTENDED") || option.IsKeyword("FORMATTED")) && !Peek(1).IsOperator(";") &&
      Peek(1).kind != TokenKind::kEnd && !Peek(1).IsOperator(".")) {
    Advance();
    (option.IsKeyword("EXTENDED") ? s.extended : s.formatted) = true;
  }
  s.name = ParseMultipartName();
  if (Peek().IsKeyword("PARTITION") && Peek(1).IsOperator("(")) {
    const Token& partition = Peek();
    s.partition = ParsePartitionSpec();
    // Spark: INVALID_SQL_SYNTAX.EMPTY_PARTITION_VALUE.
    for (const PartitionValue& v : s.partition) {
      if (!v.value) Fail(partition, ": the partition key " + v.column + " needs a value");
    }
  }
  if (IsName(Peek())) s.column = ParseMultipartName();
}

void Parser::ParseInsert(Statement& s) {
  s.kind = StatementKind::kInsert;
  if (AcceptKeyword("OVERWRITE")) {
    s.overwrite = true;
  } else {
    ExpectKeyword("INTO");
  }
  AcceptKeyword("TABLE");
  s.name = ParseMultipartName();
  if (Peek().IsKeyword("PARTITION") && Peek(1).IsOperator("(")) {
    s.partition = ParsePartitionSpec();
    if (Peek().IsKeyword("IF")) {
      Advance();
      ExpectKeyword("NOT");
      ExpectKeyword("EXISTS");
      s.if_not_exists = true;
    }
  }
  if (Peek().IsOperator("(") && IsName(Peek(1)) && !StartsQuery(Peek(1))) {
    s.insert_columns = ParseIdentifierList();
  }
  if (!s.overwrite && Peek().IsKeyword("REPLACE") && Peek(1).IsKeyword("WHERE")) {
    Advance();
    Advance();
    s.replace_where_text = ParseExpressionText(&s.replace_where);
  }
  if (!Peek().IsOperator("(") && !AtQueryStart()) Fail(Peek());
  s.query = ParseQuery();
}

// An expression and its source text (constraints and predicates are stored as text).
std::string Parser::ParseExpressionText(ExprPtr* expr) {
  const size_t begin = Peek().offset;
  *expr = ParseExpression();
  const Token& last = tokens_[pos_ - 1];
  return std::string(Trim(sql_.substr(begin, last.offset + last.length - begin)));
}

// RESTORE [TABLE] name [TO] VERSION AS OF n | TIMESTAMP AS OF expr (Delta).
void Parser::ParseRestore(Statement& s) {
  s.kind = StatementKind::kRestoreTable;
  if (Peek().IsKeyword("TABLE") && !Peek(1).IsKeyword("TO") && !Peek(1).IsKeyword("VERSION") &&
      !Peek(1).IsKeyword("TIMESTAMP")) {
    Advance();
  }
  s.name = ParseMultipartName();
  AcceptKeyword("TO");
  const bool version = Peek().IsKeyword("VERSION");
  if (!version && !Peek().IsKeyword("TIMESTAMP")) Fail(Peek());
  Advance();
  ExpectKeyword("AS");
  ExpectKeyword("OF");
  if (version) {
    const Token& v = Peek();
    if (v.kind == TokenKind::kNumber && v.number == NumberKind::kInteger) {
      s.version_as_of = v.value;
    } else if (v.kind == TokenKind::kString) {
      s.version_as_of = v.value;
    } else {
      Fail(v);
    }
    Advance();
  } else {
    s.timestamp_as_of = ParseExpression();
  }
}

// ALTER TABLE name SET|UNSET TBLPROPERTIES ..., ADD CONSTRAINT c CHECK (expr),
// DROP CONSTRAINT [IF EXISTS] c; column changes in alter_table_parser.cc.
void Parser::ParseAlterTable(Statement& s) {
  ExpectKeyword("TABLE");
  s.name = ParseMultipartName();
  if (ParseAlterColumns(s)) return;
  if (Peek().IsKeyword("CLUSTER") && Peek(1).IsKeyword("BY")) {
    Advance();
    Advance();
    s.kind = StatementKind::kAlterTableClusterBy;
    ParseClusterBy(s);
    return;
  }
  if (AcceptKeyword("SET")) {
    ExpectKeyword("TBLPROPERTIES");
    s.kind = StatementKind::kAlterTableSetProperties;
    s.properties = ParsePropertyList();
  } else if (AcceptKeyword("UNSET")) {
    ExpectKeyword("TBLPROPERTIES");
    s.kind = StatementKind::kAlterTableUnsetProperties;
    if (Peek().IsKeyword("IF") && Peek(1).IsKeyword("EXISTS")) {
      Advance();
      Advance();
      s.if_exists = true;
    }
    s.properties = ParsePropertyList();
  } else if (AcceptKeyword("ADD")) {
    ExpectKeyword("CONSTRAINT");
    s.kind = StatementKind::kAlterTableAddConstraint;
    s.key = ExpectIdentifier();
    ExpectKeyword("CHECK");
    ExpectOperator("(");
    s.check_text = ParseExpressionText(&s.check);
    ExpectOperator(")");
  } else if (AcceptKeyword("DROP")) {
    ExpectKeyword("CONSTRAINT");
    s.kind = StatementKind::kAlterTableDropConstraint;
    if (Peek().IsKeyword("IF") && Peek(1).IsKeyword("EXISTS")) {
      Advance();
      Advance();
      s.if_exists = true;
    }
    s.key = ExpectIdentifier();
  } else {
    Fail(Peek());
  }
}

std::vector<std::string> Parser::ParseMultipartName() {
  std::vector<std::string> name{ExpectIdentifier()};
  while (AcceptOperator(".")) name.push_back(ExpectIdentifier());
  return name;
}

std::vector<std::string> Parser::ParseIdentifierList() {
  std::vector<std::string> names;
  ExpectOperator("(");
  do {
    names.push_back(ExpectIdentifier());
  } while (AcceptOperator(","));
  ExpectOperator(")");
  return names;
}

std::string Parser::ExpectString() {
  const Token& t = Peek();
  if (t.kind != TokenKind::kString) Fail(t);
  Advance();
  return t.value;
}

// Spark's propertyList: (key [=] value, ...); keys are dotted names or
// strings, values strings, numbers or booleans.
std::vector<Property> Parser::ParsePropertyList() {
  std::vector<Property> properties;
  ExpectOperator("(");
  do {
    Property p;
    if (Peek().kind == TokenKind::kString && Peek().parts == 2) {
      // ('key' 'value'): the lexer joined the two literals; split them again.
      const Token& joined = Advance();
      const std::vector<Token> parts = Tokenize(joined.text, /*merge_strings=*/false);
      p.key = parts[0].value;
      p.value = parts[1].value;
      properties.push_back(std::move(p));
      continue;
    }
    if (Peek().kind == TokenKind::kString && Peek().parts == 1) {
      p.key = Advance().value;
    } else {
      p.key = JoinName(ParseMultipartName());
    }
    AcceptOperator("=");
    const Token& v = Peek();
    if (v.kind == TokenKind::kString && v.parts == 1) {
      p.value = Advance().value;
    } else if (v.kind == TokenKind::kNumber) {
      p.value = Advance().text;
    } else if (v.IsKeyword("TRUE") || v.IsKeyword("FALSE")) {
      p.value = Advance().IsKeyword("TRUE") ? "true" : "false";
    } else if (v.IsOperator(",") || v.IsOperator(")")) {
      p.has_value = false;
    } else {
      Fail(v);
    }
    properties.push_back(std::move(p));
  } while (AcceptOperator(","));
  ExpectOperator(")");
  return properties;
}

std::vector<ColumnDefinition> Parser::ParseColumnDefinitions(bool types) {
  std::vector<ColumnDefinition> columns;
  ExpectOperator("(");
  do {
    ColumnDefinition column;
    column.name = ExpectIdentifier();
    if (types) column.type = ParseDataType();
    for (;;) {
      if (types && Peek().IsKeyword("NOT") && Peek(1).IsKeyword("NULL")) {
        Advance();
        Advance();
        column.not_null = true;
      } else if (types && AcceptKeyword("DEFAULT")) {
        column.default_value = ParseExpression();
      } else if (types && ParseGeneratedColumnClause(column)) {
        // GENERATED ALWAYS AS (expr) / AS IDENTITY (alter_table_parser.cc)
      } else if (AcceptKeyword("COMMENT")) {
        column.has_comment = true;
        column.comment = ExpectString();
      } else {
        break;
      }
    }
    columns.push_back(std::move(column));
  } while (AcceptOperator(","));
  ExpectOperator(")");
  return columns;
}

// PARTITION (k = v, k2): Spark's partitionSpec.
std::vector<PartitionValue> Parser::ParsePartitionSpec() {
  std::vector<PartitionValue> spec;
  ExpectKeyword("PARTITION");
  ExpectOperator("(");
  do {
    PartitionValue value;
    value.column = ExpectIdentifier();
    if (AcceptOperator("=")) value.value = ParseExpression();
    spec.push_back(std::move(value));
  } while (AcceptOperator(","));
  ExpectOperator(")");
  return spec;
}

// --- script splitting -------------------------------------------------------------

std::vector<ScriptStatement> Parser::SplitStatements(std::string_view script) {
  std::vector<ScriptStatement> out;
  size_t i = 0;
  int line = 1, column = 1;
  bool open = false;  // a statement has started
  ScriptStatement current;
  size_t end = 0;  // one past the last byte of the current statement's last token
  int depth = 0;   // brackets
  auto advance = [&](size_t n) {
    for (size_t k = 0; k < n && i < script.size(); ++k, ++i) {
      if (script[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
  };
  auto mark = [&] {  // the byte at i belongs to a token
    if (!open) {
      open = true;
      current = ScriptStatement{};
      current.line = line;
      current.column = column;
      current.offset = i;
    }
  };
  auto finish = [&] {
    if (open) {
      current.text = std::string(script.substr(current.offset, end - current.offset));
      out.push_back(std::move(current));
    }
    open = false;
    depth = 0;
  };
  auto at = [&](size_t k) { return k < script.size() ? script[k] : '\0'; };
  while (i < script.size()) {
    const char c = script[i];
    if (IsSpace(c)) {
      advance(1);
    } else if (c == '-' && at(i + 1) == '-') {
      while (i < script.size() && script[i] != '\n') advance(1);
    } else if (c == '/' && at(i + 1) == '*') {
      const bool hint = at(i + 2) == '+';
      if (hint) mark();
      int nesting = 0;
      while (i < script.size()) {
        if (script[i] == '/' && at(i + 1) == '*') {
          ++nesting;
          advance(2);
        } else if (script[i] == '*' && at(i + 1) == '/') {
          advance(2);
          if (--nesting == 0) break;
        } else {
          advance(1);
        }
      }
      if (hint) end = i;
    } else if (c == '\'' || c == '"' || c == '`') {
      mark();
      // R'...' raw strings keep backslashes; backquoted names have none.
      const bool raw = i > 0 && (script[i - 1] == 'r' || script[i - 1] == 'R') &&
                       (i < 2 || !(std::isalnum(static_cast<unsigned char>(script[i - 2])) || script[i - 2] == '_'));
      const bool escapes = c != '`' && !raw;
      advance(1);
      while (i < script.size()) {
        if (escapes && script[i] == '\\') {
          advance(2);
        } else if (script[i] == c) {
          advance(1);
          if (at(i) != c) break;
          advance(1);  // doubled quote
        } else {
          advance(1);
        }
      }
      end = i;
    } else if (c == ';' && depth == 0) {
      finish();
      advance(1);
    } else {
      mark();
      if (c == '(' || c == '[' || c == '{') ++depth;
      if ((c == ')' || c == ']' || c == '}') && depth > 0) --depth;
      advance(1);
      end = i;
    }
  }
  finish();
  return out;
}

}  // namespace tarn::sql
