#include "sql/parser.h"

#include <cstdint>

#include "common/error.h"
#include "common/strings.h"

namespace tarn::sql {
namespace {

// Words that end an expression or relation and so cannot be a bare alias
// (Spark: reserved words and the strict non-reserved join/set keywords).
bool IsClauseKeyword(const Token& t) {
  static constexpr std::string_view kWords[] = {
      "ANTI", "CLUSTER", "CROSS", "DISTRIBUTE", "EXCEPT", "FROM", "FULL", "GROUP", "HAVING", "INNER", "INTERSECT",
      "JOIN", "LATERAL", "LEFT", "LIMIT", "MINUS", "NATURAL", "OFFSET", "ON", "ORDER", "PIVOT", "QUALIFY", "RIGHT",
      "SEMI", "SORT", "TABLESAMPLE", "UNION", "UNPIVOT", "USING", "WHERE", "WINDOW",
  };
  for (std::string_view w : kWords) {
    if (t.IsKeyword(w)) return true;
  }
  return false;
}

SourcePos PosOf(const Token& t) { return SourcePos{t.line, t.column, t.offset}; }

// GROUP BY ALL / ORDER BY ALL: the single item is the bare column `all`.
bool IsAllColumn(const Expr& e) {
  return e.kind == ExprKind::kColumn && e.names.size() == 1 && EqualsIgnoreCase(e.names[0], "ALL");
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

std::shared_ptr<Query> Parser::ParseQueryText(std::string_view sql) {
  Parser parser(sql);
  std::shared_ptr<Query> query = parser.ParseQuery();
  parser.AcceptOperator(";");
  if (!parser.AtEnd()) parser.Fail(parser.Peek());
  return query;
}

// Spark's query: queryTerm queryOrganization.
std::shared_ptr<Query> Parser::ParseQuery() {
  std::vector<CommonTableExpression> ctes;
  if (AcceptKeyword("WITH")) {
    do {
      CommonTableExpression cte;
      const Token& name = Peek();
      cte.name = ExpectIdentifier();
      for (const CommonTableExpression& other : ctes) {
        if (EqualsIgnoreCase(other.name, cte.name)) Fail(name, ": CTE definition can't have duplicate names");
      }
      if (AcceptOperator("(")) {
        do {
          cte.columns.push_back(ExpectIdentifier());
        } while (AcceptOperator(","));
        ExpectOperator(")");
      }
      AcceptKeyword("AS");
      ExpectOperator("(");
      cte.query = ParseQuery();
      ExpectOperator(")");
      ctes.push_back(std::move(cte));
    } while (AcceptOperator(","));
  }
  std::shared_ptr<Query> query = ParseQueryWithoutCtes();
  if (!ctes.empty()) {
    if (!query->ctes.empty()) {
      // WITH a AS (...) (WITH b AS (...) SELECT ...): keep the inner WITH inside.
      auto nested = std::make_shared<Query>();
      nested->kind = QueryKind::kNested;
      nested->pos = query->pos;
      nested->left = std::move(query);
      query = std::move(nested);
    }
    query->ctes = std::move(ctes);
  }
  return query;
}

std::shared_ptr<Query> Parser::ParseQueryWithoutCtes() {
  const Token& start = Peek();
  std::shared_ptr<Query> query = ParseQueryTerm(1);
  auto by = [&](std::string_view keyword) { return Peek().IsKeyword(keyword) && Peek(1).IsKeyword("BY"); };
  const bool has_organization = by("ORDER") || by("SORT") || by("CLUSTER") || by("DISTRIBUTE") ||
                                Peek().IsKeyword("LIMIT") || Peek().IsKeyword("OFFSET");
  if (!has_organization) return query;
  if (!query->order_by.empty() || !query->sort_by.empty() || !query->cluster_by.empty() ||
      !query->distribute_by.empty() || query->limit || query->offset || !query->ctes.empty()) {
    // (SELECT ... LIMIT 1) LIMIT 2: the outer clauses apply on top. (A query
    // with its own WITH also gets a node of its own.)
    auto nested = std::make_shared<Query>();
    nested->kind = QueryKind::kNested;
    nested->pos = PosOf(start);
    nested->left = std::move(query);
    query = std::move(nested);
  }
  if (Peek().IsKeyword("ORDER") && Peek(1).IsKeyword("BY")) {
    Advance();
    Advance();
    const Token& first = Peek();
    do {
      query->order_by.push_back(ParseOrderItem());
    } while (AcceptOperator(","));
    query->order_by_all = first.IsKeyword("ALL") && query->order_by.size() == 1 && IsAllColumn(*query->order_by[0].expr);
  } else if (by("CLUSTER")) {
    Advance();
    Advance();
    do {
      query->cluster_by.push_back(ParseExpression());
    } while (AcceptOperator(","));
  } else {
    if (by("DISTRIBUTE")) {
      Advance();
      Advance();
      do {
        query->distribute_by.push_back(ParseExpression());
      } while (AcceptOperator(","));
    }
    if (by("SORT")) {
      Advance();
      Advance();
      do {
        query->sort_by.push_back(ParseOrderItem());
      } while (AcceptOperator(","));
    }
  }
  if (AcceptKeyword("LIMIT")) {
    if (!AcceptKeyword("ALL")) query->limit = ParseExpression();
  }
  if (AcceptKeyword("OFFSET")) query->offset = ParseExpression();
  return query;
}

// Set operations; INTERSECT (2) binds tighter than UNION / EXCEPT / MINUS (1).
std::shared_ptr<Query> Parser::ParseQueryTerm(int min_precedence) {
  std::shared_ptr<Query> left = ParseQueryPrimary();
  for (;;) {
    const Token& t = Peek();
    std::string op;
    int precedence = 0;
    if (t.IsKeyword("INTERSECT")) {
      op = "INTERSECT";
      precedence = 2;
    } else if (t.IsKeyword("UNION")) {
      op = "UNION";
      precedence = 1;
    } else if (t.IsKeyword("EXCEPT") || t.IsKeyword("MINUS")) {
      op = "EXCEPT";
      precedence = 1;
    }
    if (precedence == 0 || precedence < min_precedence) return left;
    Advance();
    if (AcceptKeyword("ALL")) {
      op += " ALL";
    } else {
      AcceptKeyword("DISTINCT");
      op += " DISTINCT";
    }
    auto node = std::make_shared<Query>();
    node->kind = QueryKind::kSetOperation;
    node->pos = PosOf(t);
    node->set_op = std::move(op);
    node->left = std::move(left);
    node->right = ParseQueryTerm(precedence + 1);
    left = std::move(node);
  }
}

std::shared_ptr<Query> Parser::ParseQueryPrimary() {
  if (Peek().IsOperator("(") && (Peek(1).IsKeyword("SELECT") || Peek(1).IsKeyword("WITH"))) {
    Advance();
    std::shared_ptr<Query> inner = ParseQuery();
    ExpectOperator(")");
    return inner;
  }
  if (Peek().IsOperator("(") && (Peek(1).IsOperator("(") || Peek(1).IsKeyword("VALUES") || Peek(1).IsKeyword("TABLE"))) {
    Advance();
    std::shared_ptr<Query> inner = ParseQuery();
    ExpectOperator(")");
    return inner;
  }
  // VALUES rows [alias] and TABLE name are SELECT * over that relation.
  const Token& start = Peek();
  if (start.IsKeyword("VALUES") || (start.IsKeyword("TABLE") && Peek(1).kind != TokenKind::kOperator)) {
    auto query = std::make_shared<Query>();
    query->pos = PosOf(start);
    SelectItem star;
    star.expr = std::make_unique<Expr>(ExprKind::kStar, PosOf(start));
    query->select.push_back(std::move(star));
    if (start.IsKeyword("TABLE")) Advance();
    query->from.push_back(ParseRelationPrimary());
    return query;
  }
  return ParseSelect();
}

std::shared_ptr<Query> Parser::ParseSelect() {
  auto query = std::make_shared<Query>();
  query->pos = PosOf(Peek());
  ExpectKeyword("SELECT");
  while (Peek().kind == TokenKind::kHint) query->hints.push_back(Advance().value);
  if (AcceptKeyword("DISTINCT")) {
    query->distinct = true;
  } else {
    AcceptKeyword("ALL");
  }
  ParseSelectList(*query);
  if (AcceptKeyword("FROM")) {
    do {
      query->from.push_back(ParseRelation());
    } while (AcceptOperator(","));
    while (Peek().IsKeyword("LATERAL") && Peek(1).IsKeyword("VIEW")) query->lateral_views.push_back(ParseLateralView());
  }
  if (AcceptKeyword("WHERE")) query->where = ParseExpression();
  if (Peek().IsKeyword("GROUP") && Peek(1).IsKeyword("BY")) {
    Advance();
    Advance();
    ParseGroupBy(*query);
  }
  if (AcceptKeyword("HAVING")) query->having = ParseExpression();
  if (AcceptKeyword("WINDOW")) {
    do {
      const Token& name_token = Peek();
      std::string name = ExpectIdentifier();
      for (const auto& other : query->windows) {
        if (EqualsIgnoreCase(other.first, name)) Fail(name_token, ": the window " + name + " is defined twice");
      }
      ExpectKeyword("AS");
      query->windows.emplace_back(std::move(name), ParseWindowSpec());
    } while (AcceptOperator(","));
  }
  if (AcceptKeyword("QUALIFY")) query->qualify = ParseExpression();
  return query;
}

// Spark's aggregationClause: expressions and grouping analytics, or
// `expr, ... WITH ROLLUP|CUBE` / `expr, ... GROUPING SETS (...)`, which become
// one ROLLUP / CUBE / GROUPING SETS item.
void Parser::ParseGroupBy(Query& query) {
  const Token& first = Peek();
  do {
    const Token& t = Peek();
    if ((t.IsKeyword("ROLLUP") || t.IsKeyword("CUBE")) && Peek(1).IsOperator("(")) {
      Advance();
      query.group_by.push_back(ParseGroupingSets(Upper(t.text), t));
    } else if (t.IsKeyword("GROUPING") && Peek(1).IsKeyword("SETS")) {
      Advance();
      Advance();
      query.group_by.push_back(ParseGroupingSets("GROUPING SETS", t));
    } else {
      query.group_by.push_back(ParseExpression());
    }
  } while (AcceptOperator(","));
  const Token& t = Peek();
  if (t.IsKeyword("WITH") && (Peek(1).IsKeyword("ROLLUP") || Peek(1).IsKeyword("CUBE"))) {
    Advance();
    auto node = std::make_unique<Expr>(ExprKind::kGroupingSets, PosOf(t));
    node->op = Upper(Advance().text);
    node->children = std::move(query.group_by);
    query.group_by.clear();
    query.group_by.push_back(std::move(node));
  } else if (t.IsKeyword("GROUPING") && Peek(1).IsKeyword("SETS")) {
    Advance();
    Advance();
    query.group_by.clear();
    query.group_by.push_back(ParseGroupingSets("GROUPING SETS", t));
  }
  query.group_by_all = first.IsKeyword("ALL") && query.group_by.size() == 1 && IsAllColumn(*query.group_by[0]);
}

ExprPtr Parser::ParseGroupingSets(std::string op, const Token& start) {
  auto node = std::make_unique<Expr>(ExprKind::kGroupingSets, PosOf(start));
  node->op = std::move(op);
  ExpectOperator("(");
  do {
    const Token& open = Peek();
    if (open.IsOperator("(") && Peek(1).IsOperator(")")) {
      if (node->op != "GROUPING SETS") Fail(open, ": an empty grouping set is not supported in " + node->op);
      Advance();
      Advance();
      node->children.push_back(std::make_unique<Expr>(ExprKind::kRow, PosOf(open)));  // ()
    } else {
      node->children.push_back(ParseExpression());
    }
  } while (AcceptOperator(","));
  ExpectOperator(")");
  return node;
}

LateralView Parser::ParseLateralView() {
  LateralView view;
  view.pos = PosOf(Peek());
  ExpectKeyword("LATERAL");
  ExpectKeyword("VIEW");
  view.outer = AcceptKeyword("OUTER");
  const Token& name_start = Peek();
  std::vector<std::string> name{ExpectIdentifier()};
  while (AcceptOperator(".")) name.push_back(ExpectIdentifier());
  view.call = ParseFunctionCall(std::move(name), name_start);
  // The table name is required; Spark rejects a clause keyword here.
  if (IsClauseKeyword(Peek()) || Peek().IsKeyword("AS")) Fail(Peek());
  view.table = ExpectIdentifier();
  if (AcceptKeyword("AS") || (Peek().kind == TokenKind::kQuotedIdentifier ||
                              (Peek().kind == TokenKind::kIdentifier && !IsClauseKeyword(Peek())))) {
    do {
      view.columns.push_back(ExpectIdentifier());
    } while (AcceptOperator(","));
  }
  return view;
}

void Parser::ParseSelectList(Query& query) {
  do {
    SelectItem item;
    item.expr = ParseExpression();
    item.alias = ParseOptionalAlias();
    query.select.push_back(std::move(item));
  } while (AcceptOperator(","));
}

std::string Parser::ParseOptionalAlias() {
  if (AcceptKeyword("AS")) return ExpectIdentifier();
  const Token& t = Peek();
  if (t.kind == TokenKind::kQuotedIdentifier || (t.kind == TokenKind::kIdentifier && !IsClauseKeyword(t))) {
    Advance();
    return t.value;
  }
  return {};
}

std::unique_ptr<Relation> Parser::ParseRelation() {
  std::unique_ptr<Relation> left = ParseRelationPrimary();
  for (;;) {
    const Token& start = Peek();
    bool natural = false;
    if (start.IsKeyword("NATURAL")) {
      Advance();
      natural = true;
    }
    std::string type;
    if (AcceptKeyword("INNER")) {
      type = "INNER";
    } else if (AcceptKeyword("CROSS")) {
      type = "CROSS";
    } else if (AcceptKeyword("LEFT")) {
      if (AcceptKeyword("SEMI")) {
        type = "LEFT SEMI";
      } else if (AcceptKeyword("ANTI")) {
        type = "LEFT ANTI";
      } else {
        AcceptKeyword("OUTER");
        type = "LEFT OUTER";
      }
    } else if (AcceptKeyword("RIGHT")) {
      AcceptKeyword("OUTER");
      type = "RIGHT OUTER";
    } else if (AcceptKeyword("FULL")) {
      AcceptKeyword("OUTER");
      type = "FULL OUTER";
    } else if (AcceptKeyword("SEMI")) {
      type = "LEFT SEMI";
    } else if (AcceptKeyword("ANTI")) {
      type = "LEFT ANTI";
    } else if (Peek().IsKeyword("JOIN")) {
      type = "INNER";
    } else if (!natural && start.IsKeyword("PIVOT") && Peek(1).IsOperator("(")) {
      left = ParsePivot(std::move(left));
      continue;
    } else if (!natural && start.IsKeyword("UNPIVOT")) {
      left = ParseUnpivot(std::move(left));
      continue;
    } else {
      if (natural) Fail(Peek());
      return left;
    }
    ExpectKeyword("JOIN");
    auto join = std::make_unique<Relation>();
    join->kind = RelationKind::kJoin;
    join->pos = PosOf(start);
    join->join_type = type;
    join->natural = natural;
    join->left = std::move(left);
    const Token& right = Peek();
    join->right = ParseRelationPrimary();
    if (natural && join->right->lateral) Fail(right, ": NATURAL JOIN cannot be used with LATERAL");
    if (!natural) {
      if (AcceptKeyword("ON")) {
        join->condition = ParseExpression();
      } else if (Peek().IsKeyword("USING")) {
        if (join->right->lateral) {
          Error error(ErrorClass::kUnsupportedFeature, {{"feature", "LATERAL correlation with USING join"}});
          error.mutable_info().line = Peek().line;
          error.mutable_info().column = Peek().column;
          throw error;
        }
        Advance();
        ExpectOperator("(");
        do {
          join->using_columns.push_back(ExpectIdentifier());
        } while (AcceptOperator(","));
        ExpectOperator(")");
      }
    }
    left = std::move(join);
  }
}

bool Parser::SetOperationFollowsGroup() const {
  int depth = 0;
  for (size_t ahead = 0;; ++ahead) {
    const Token& t = Peek(ahead);
    if (t.kind == TokenKind::kEnd) return false;
    if (t.IsOperator("(")) {
      ++depth;
    } else if (t.IsOperator(")") && --depth == 0) {
      const Token& next = Peek(ahead + 1);
      return next.IsKeyword("UNION") || next.IsKeyword("EXCEPT") || next.IsKeyword("MINUS") ||
             next.IsKeyword("INTERSECT");
    }
  }
}

std::unique_ptr<Relation> Parser::ParseRelationPrimary() {
  auto relation = std::make_unique<Relation>();
  const Token& start = Peek();
  relation->pos = PosOf(start);
  if (AcceptOperator("(")) {
    // A query, unless a relation (a join in parentheses) starts here;
    // "((SELECT ...) EXCEPT (SELECT ...))" is a query with parenthesised operands.
    if ((AtQueryStart() && !Peek().IsKeyword("VALUES")) || (Peek().IsOperator("(") && SetOperationFollowsGroup())) {
      relation->kind = RelationKind::kSubquery;
      relation->subquery = ParseQuery();
      ExpectOperator(")");
      if (Peek().IsKeyword("TABLESAMPLE")) relation->sample = ParseSample();
      ParseTableAlias(*relation);
      return relation;
    }
    std::unique_ptr<Relation> inner = ParseRelation();
    ExpectOperator(")");
    ParseTableAlias(*inner);
    return inner;
  }
  if (start.IsKeyword("LATERAL") && !Peek(1).IsKeyword("VIEW")) {
    // LATERAL (subquery) / LATERAL function(...): may refer to the relations on its left.
    Advance();
    std::unique_ptr<Relation> inner = ParseRelationPrimary();
    if (inner->kind != RelationKind::kSubquery && inner->kind != RelationKind::kFunction) Fail(start);
    inner->lateral = true;
    inner->pos = relation->pos;
    return inner;
  }
  if ((start.kind != TokenKind::kIdentifier && start.kind != TokenKind::kQuotedIdentifier) || IsClauseKeyword(start)) {
    Fail(start);
  }
  if (start.IsKeyword("VALUES")) {
    Advance();
    relation->kind = RelationKind::kValues;
    do {
      relation->rows.push_back(ParseExpression());
    } while (AcceptOperator(","));
    ParseTableAlias(*relation);
    return relation;
  }
  relation->kind = RelationKind::kTable;
  relation->name.push_back(ExpectIdentifier());
  while (AcceptOperator(".")) relation->name.push_back(ExpectIdentifier());
  if (Peek().IsOperator("(")) {
    relation->kind = RelationKind::kFunction;
    relation->call = ParseFunctionCall(std::move(relation->name), start);
    relation->name.clear();
  } else {
    ParseTimeTravel(*relation);
    if (Peek().IsKeyword("TABLESAMPLE")) relation->sample = ParseSample();
  }
  ParseTableAlias(*relation);
  return relation;
}

// Delta time travel: t@v3, t@yyyyMMddHHmmssSSS, [FOR] VERSION|SYSTEM_VERSION AS OF
// n|'s', [FOR] TIMESTAMP|SYSTEM_TIME AS OF expr.
void Parser::ParseTimeTravel(Relation& relation) {
  const Token& at = Peek();
  if (at.IsOperator("@")) {
    Advance();
    const Token& spec = Peek();
    if (spec.offset != at.offset + 1) Fail(spec);
    if (spec.kind == TokenKind::kIdentifier && spec.text.size() > 1 && (spec.text[0] == 'v' || spec.text[0] == 'V') &&
        spec.text.find_first_not_of("0123456789", 1) == std::string::npos) {
      relation.version_as_of = spec.text.substr(1);
    } else if (spec.kind == TokenKind::kNumber && spec.number == NumberKind::kInteger && spec.text.size() == 17) {
      // yyyyMMddHHmmssSSS → 'yyyy-MM-dd HH:mm:ss.SSS'
      const std::string& d = spec.text;
      auto literal = std::make_unique<Expr>(ExprKind::kLiteral, PosOf(spec));
      literal->literal = LiteralKind::kString;
      literal->value = d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) + " " + d.substr(8, 2) + ":" +
                       d.substr(10, 2) + ":" + d.substr(12, 2) + "." + d.substr(14, 3);
      relation.timestamp_as_of = std::move(literal);
    } else {
      Fail(spec, ": expected @v<version> or @yyyyMMddHHmmssSSS");
    }
    Advance();
    return;
  }
  const size_t f = at.IsKeyword("FOR") ? 1 : 0;
  const Token& what = Peek(f);
  if (!Peek(f + 1).IsKeyword("AS") || !Peek(f + 2).IsKeyword("OF")) return;
  const bool version = what.IsKeyword("VERSION") || what.IsKeyword("SYSTEM_VERSION");
  const bool timestamp = what.IsKeyword("TIMESTAMP") || what.IsKeyword("SYSTEM_TIME");
  if (!version && !timestamp) return;
  for (size_t i = 0; i < f + 3; ++i) Advance();
  if (version) {
    const Token& v = Peek();
    if (v.kind == TokenKind::kString) {
      relation.version_as_of = v.value;
    } else if (v.kind == TokenKind::kNumber && v.number == NumberKind::kInteger) {
      relation.version_as_of = v.value;
    } else {
      Fail(v);
    }
    Advance();
  } else {
    relation.timestamp_as_of = ParseValueExpression();
  }
}

// TABLESAMPLE ([-]n PERCENT | expr ROWS | BUCKET x OUT OF y) [REPEATABLE (seed)]
std::shared_ptr<TableSample> Parser::ParseSample() {
  auto sample = std::make_shared<TableSample>();
  sample->pos = PosOf(Peek());
  ExpectKeyword("TABLESAMPLE");
  ExpectOperator("(");
  auto integer = [&]() -> int64_t {
    const Token& n = Peek();
    if (n.kind != TokenKind::kNumber || n.number != NumberKind::kInteger || n.value.size() > 18) Fail(n);
    Advance();
    return std::stoll(n.value);
  };
  const size_t sign = Peek().IsOperator("-") ? 1 : 0;
  const Token& number = Peek(sign);
  if (Peek().IsKeyword("BUCKET")) {
    Advance();
    sample->kind = TableSample::Kind::kBucket;
    sample->numerator = integer();
    ExpectKeyword("OUT");
    ExpectKeyword("OF");
    sample->denominator = integer();
    if (AcceptKeyword("ON")) {
      // ON column or ON function(): accepted and ignored (Spark rejects it later).
      ExpectIdentifier();
      while (AcceptOperator(".")) ExpectIdentifier();
      if (AcceptOperator("(")) ExpectOperator(")");
    }
  } else if (number.kind == TokenKind::kNumber &&
             (number.number == NumberKind::kInteger || number.number == NumberKind::kDecimal) &&
             Peek(sign + 1).IsKeyword("PERCENT")) {
    sample->kind = TableSample::Kind::kPercent;
    sample->value = ParseValueExpression();
    ExpectKeyword("PERCENT");
  } else {
    if (Peek().IsOperator(")")) Fail(Peek(), ": TABLESAMPLE needs a sample method");
    sample->kind = TableSample::Kind::kRows;
    sample->value = ParseExpression();
    ExpectKeyword("ROWS");
  }
  ExpectOperator(")");
  if (AcceptKeyword("REPEATABLE")) {
    ExpectOperator("(");
    sample->has_seed = true;
    sample->seed = integer();
    ExpectOperator(")");
  }
  return sample;
}

// PIVOT (agg [AS alias], ... FOR col | (col, ...) IN (value [AS alias], ...)) [alias]
std::unique_ptr<Relation> Parser::ParsePivot(std::unique_ptr<Relation> input) {
  auto pivot = std::make_unique<Relation>();
  pivot->kind = RelationKind::kPivot;
  pivot->pos = PosOf(Peek());
  ExpectKeyword("PIVOT");
  ExpectOperator("(");
  do {
    SelectItem item;
    item.expr = ParseExpression();
    if (!Peek().IsKeyword("FOR")) item.alias = ParseOptionalAlias();
    pivot->pivot_aggregates.push_back(std::move(item));
  } while (AcceptOperator(","));
  ExpectKeyword("FOR");
  auto column = [&] {
    const Token& t = Peek();
    auto c = std::make_unique<Expr>(ExprKind::kColumn, PosOf(t));
    c->names.push_back(ExpectIdentifier());
    while (AcceptOperator(".")) c->names.push_back(ExpectIdentifier());
    return c;
  };
  if (AcceptOperator("(")) {
    do {
      pivot->pivot_columns.push_back(column());
    } while (AcceptOperator(","));
    ExpectOperator(")");
  } else {
    pivot->pivot_columns.push_back(column());
  }
  ExpectKeyword("IN");
  ExpectOperator("(");
  do {
    SelectItem item;
    item.expr = ParseExpression();
    item.alias = ParseOptionalAlias();
    pivot->pivot_values.push_back(std::move(item));
  } while (AcceptOperator(","));
  ExpectOperator(")");
  ExpectOperator(")");
  pivot->left = std::move(input);
  ParseTableAlias(*pivot);
  return pivot;
}

// UNPIVOT [INCLUDE|EXCLUDE NULLS] (v FOR name IN (col [AS alias], ...)) [alias], or with
// several value columns: ((v1, v2) FOR name IN ((a, b) [AS alias], ...)).
std::unique_ptr<Relation> Parser::ParseUnpivot(std::unique_ptr<Relation> input) {
  auto unpivot = std::make_unique<Relation>();
  unpivot->kind = RelationKind::kUnpivot;
  unpivot->pos = PosOf(Peek());
  ExpectKeyword("UNPIVOT");
  if (Peek().IsKeyword("INCLUDE") || Peek().IsKeyword("EXCLUDE")) {
    unpivot->unpivot_include_nulls = Advance().IsKeyword("INCLUDE");
    ExpectKeyword("NULLS");
  }
  ExpectOperator("(");
  const bool multi = AcceptOperator("(");
  do {
    unpivot->unpivot_values.push_back(ExpectIdentifier());
  } while (multi && AcceptOperator(","));
  if (multi) ExpectOperator(")");
  ExpectKeyword("FOR");
  unpivot->unpivot_name = ExpectIdentifier();
  ExpectKeyword("IN");
  ExpectOperator("(");
  auto column = [&] {
    const Token& t = Peek();
    auto c = std::make_unique<Expr>(ExprKind::kColumn, PosOf(t));
    c->names.push_back(ExpectIdentifier());
    while (AcceptOperator(".")) c->names.push_back(ExpectIdentifier());
    return c;
  };
  do {
    SelectItem item;
    const Token& open = Peek();
    if (multi) {
      ExpectOperator("(");
      item.expr = std::make_unique<Expr>(ExprKind::kRow, PosOf(open));
      do {
        item.expr->children.push_back(column());
      } while (AcceptOperator(","));
      ExpectOperator(")");
    } else {
      item.expr = column();
    }
    item.alias = ParseOptionalAlias();
    unpivot->unpivot_columns.push_back(std::move(item));
  } while (AcceptOperator(","));
  ExpectOperator(")");
  ExpectOperator(")");
  unpivot->left = std::move(input);
  ParseTableAlias(*unpivot);
  return unpivot;
}

void Parser::ParseTableAlias(Relation& relation) {
  std::string alias = ParseOptionalAlias();
  if (alias.empty()) return;
  relation.alias = std::move(alias);
  if (AcceptOperator("(")) {
    do {
      relation.column_aliases.push_back(ExpectIdentifier());
    } while (AcceptOperator(","));
    ExpectOperator(")");
  }
}

}  // namespace tarn::sql
