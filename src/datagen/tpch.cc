#include "datagen/tpch.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/check.h"
#include "common/file_system.h"
#include "common/status.h"
#include "formats/parquet/writer.h"
#include "types/datetime.h"

namespace tarn::datagen {

namespace {

// ---- Random streams -------------------------------------------------------

uint64_t Mix(uint64_t z) {  // splitmix64's finalizer
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// One row's random stream, seeded by (seed, table, key) so that any key range
/// generates independently of the others.
class Rng {
 public:
  Rng(uint64_t seed, TpchTable table, int64_t key)
      : state_(Mix(seed ^ Mix((static_cast<uint64_t>(table) + 1) * 0x9e3779b97f4a7c15ULL ^
                              Mix(static_cast<uint64_t>(key))))) {}
  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix(state_);
  }
  /// Uniform in [low, high].
  int64_t Uniform(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(Next() % static_cast<uint64_t>(high - low + 1));
  }
  template <size_t N>
  const char* Pick(const char* const (&words)[N]) {
    return words[Uniform(0, static_cast<int64_t>(N) - 1)];
  }

 private:
  uint64_t state_;
};

// ---- Word lists (TPC-H 4.2.2.13 and dbgen's dists.dss) ---------------------

const char* const kColors[] = {
    "almond",    "antique",   "aquamarine", "azure",    "beige",     "bisque",    "black",     "blanched",
    "blue",      "blush",     "brown",      "burlywood", "burnished", "chartreuse", "chiffon",  "chocolate",
    "coral",     "cornflower", "cornsilk",  "cream",    "cyan",      "dark",      "deep",      "dim",
    "dodger",    "drab",      "firebrick",  "floral",   "forest",    "frosted",   "gainsboro", "ghost",
    "goldenrod", "green",     "grey",       "honeydew", "hot",       "indian",    "ivory",     "khaki",
    "lace",      "lavender",  "lawn",       "lemon",    "light",     "lime",      "linen",     "magenta",
    "maroon",    "medium",    "metallic",   "midnight", "mint",      "misty",     "moccasin",  "navajo",
    "navy",      "olive",     "orange",     "orchid",   "pale",      "papaya",    "peach",     "peru",
    "pink",      "plum",      "powder",     "puff",     "purple",    "red",       "rose",      "rosy",
    "royal",     "saddle",    "salmon",     "sandy",    "seashell",  "sienna",    "sky",       "slate",
    "smoke",     "snow",      "spring",     "steel",    "tan",       "thistle",   "tomato",    "turquoise",
    "violet",    "wheat",     "white",      "yellow"};
static_assert(sizeof(kColors) / sizeof(kColors[0]) == 92);

const char* const kTypeSize[] = {"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"};
const char* const kTypeFinish[] = {"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"};
const char* const kTypeMaterial[] = {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};
const char* const kContainerSize[] = {"SM", "LG", "MED", "JUMBO", "WRAP"};
const char* const kContainerType[] = {"CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"};
const char* const kSegments[] = {"AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"};
const char* const kPriorities[] = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
const char* const kInstructions[] = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
const char* const kShipModes[] = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};

const char* const kRegions[] = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
struct Nation {
  const char* name;
  int region;
};
const Nation kNations[] = {
    {"ALGERIA", 0},      {"ARGENTINA", 1}, {"BRAZIL", 1},  {"CANADA", 1},         {"EGYPT", 4},
    {"ETHIOPIA", 0},     {"FRANCE", 3},    {"GERMANY", 3}, {"INDIA", 2},          {"INDONESIA", 2},
    {"IRAN", 4},         {"IRAQ", 4},      {"JAPAN", 2},   {"JORDAN", 4},         {"KENYA", 0},
    {"MOROCCO", 0},      {"MOZAMBIQUE", 0}, {"PERU", 1},   {"CHINA", 2},          {"ROMANIA", 3},
    {"SAUDI ARABIA", 4}, {"VIETNAM", 2},   {"RUSSIA", 3},  {"UNITED KINGDOM", 3}, {"UNITED STATES", 1}};

// ---- Text grammar (TPC-H 4.2.2.10, weights of dbgen's dists.dss) ------------

struct Weighted {
  const char* word;
  int weight;
};
const Weighted kNouns[] = {
    {"packages", 40},   {"requests", 40},    {"accounts", 40},    {"deposits", 40},    {"foxes", 20},
    {"ideas", 20},      {"theodolites", 20}, {"pinto beans", 20}, {"instructions", 20}, {"dependencies", 10},
    {"excuses", 10},    {"platelets", 10},   {"asymptotes", 10},  {"courts", 5},        {"dolphins", 5},
    {"multipliers", 1}, {"sauternes", 1},    {"warthogs", 1},     {"frets", 1},         {"dinos", 1},
    {"attainments", 1}, {"somas", 1},        {"Tiresias", 1},     {"patterns", 1},      {"forges", 1},
    {"braids", 1},      {"hockey players", 1}, {"frays", 1},      {"warhorses", 1},     {"dugouts", 1},
    {"notornis", 1},    {"epitaphs", 1},     {"pearls", 1},       {"tithes", 1},        {"waters", 1},
    {"orbits", 1},      {"gifts", 1},        {"sheaves", 1},      {"depths", 1},        {"sentiments", 1},
    {"decoys", 1},      {"realms", 1},       {"pains", 1},        {"grouches", 1},      {"escapades", 1}};
const Weighted kVerbs[] = {
    {"sleep", 20},   {"wake", 20},    {"are", 20},    {"cajole", 20}, {"haggle", 20}, {"nag", 10},
    {"use", 10},     {"boost", 10},   {"affix", 5},   {"detect", 5},  {"integrate", 5}, {"maintain", 1},
    {"nod", 1},      {"was", 1},      {"lose", 1},    {"sublate", 1}, {"solve", 1},   {"thrash", 1},
    {"promise", 1},  {"engage", 1},   {"hinder", 1},  {"print", 1},   {"x-ray", 1},   {"breach", 1},
    {"eat", 1},      {"grow", 1},     {"impress", 1}, {"mold", 1},    {"poach", 1},   {"serve", 1},
    {"run", 1},      {"dazzle", 1},   {"snooze", 1},  {"doze", 1},    {"unwind", 1},  {"kindle", 1},
    {"play", 1},     {"hang", 1},     {"believe", 1}, {"doubt", 1}};
const Weighted kAdjectives[] = {
    {"special", 20},   {"pending", 20}, {"unusual", 20}, {"express", 20},  {"furious", 1},   {"sly", 1},
    {"careful", 1},    {"blithe", 1},   {"quick", 1},    {"fluffy", 1},    {"slow", 1},      {"quiet", 1},
    {"ruthless", 1},   {"thin", 1},     {"close", 1},    {"dogged", 1},    {"daring", 1},    {"brave", 1},
    {"stealthy", 1},   {"permanent", 1}, {"enticing", 1}, {"idle", 1},     {"busy", 1},      {"regular", 50},
    {"final", 40},     {"ironic", 40},  {"even", 30},    {"bold", 20},     {"silent", 10}};
const Weighted kAdverbs[] = {
    {"sometimes", 1},  {"always", 1},     {"never", 1},       {"furiously", 50}, {"slyly", 50},
    {"carefully", 50}, {"blithely", 40},  {"quickly", 30},    {"fluffily", 20},  {"slowly", 1},
    {"quietly", 1},    {"ruthlessly", 1}, {"thinly", 1},      {"closely", 1},    {"doggedly", 1},
    {"daringly", 1},   {"bravely", 1},    {"stealthily", 1},  {"permanently", 1}, {"enticingly", 1},
    {"idly", 1},       {"busily", 1},     {"regularly", 1},   {"finally", 1},    {"ironically", 1},
    {"evenly", 1},     {"boldly", 1},     {"silently", 1}};
const Weighted kPrepositions[] = {
    {"about", 50},     {"above", 50},       {"according to", 50}, {"across", 50},   {"after", 50},
    {"against", 40},   {"along", 40},       {"alongside of", 30}, {"among", 30},    {"around", 20},
    {"at", 10},        {"atop", 1},         {"before", 1},        {"behind", 1},    {"beneath", 1},
    {"beside", 1},     {"besides", 1},      {"between", 1},       {"beyond", 1},    {"by", 1},
    {"despite", 1},    {"during", 1},       {"except", 1},        {"for", 1},       {"from", 1},
    {"in place of", 1}, {"inside", 1},      {"instead of", 1},    {"into", 1},      {"near", 1},
    {"of", 1},         {"on", 1},           {"outside", 1},       {"over", 1},      {"past", 1},
    {"since", 1},      {"through", 1},      {"throughout", 1},    {"to", 1},        {"toward", 1},
    {"under", 1},      {"until", 1},        {"up", 1},            {"upon", 1},      {"without", 1},
    {"with", 1},       {"within", 1}};
const Weighted kAuxiliaries[] = {
    {"do", 1},          {"may", 1},           {"might", 1},         {"shall", 1},        {"will", 1},
    {"would", 1},       {"can", 1},           {"could", 1},         {"should", 1},       {"ought to", 1},
    {"must", 1},        {"will have to", 1},  {"shall have to", 1}, {"could have to", 1}, {"should have to", 1},
    {"must have to", 1}, {"need to", 1},      {"try to", 1}};
const Weighted kTerminators[] = {{".", 50}, {";", 1}, {":", 1}, {"?", 1}, {"!", 1}, {"--", 1}};

template <size_t N>
const char* PickWeighted(Rng& rng, const Weighted (&words)[N]) {
  int total = 0;
  for (const Weighted& w : words) total += w.weight;
  int64_t r = rng.Uniform(0, total - 1);
  for (const Weighted& w : words) {
    if (r < w.weight) return w.word;
    r -= w.weight;
  }
  return words[N - 1].word;
}

void AppendNounPhrase(Rng& rng, std::string* out) {
  int64_t r = rng.Uniform(0, 89);  // N 10, J N 20, J, J N 10, D J N 50
  if (r >= 10 && r < 30) {
    *out += PickWeighted(rng, kAdjectives);
    *out += ' ';
  } else if (r >= 30 && r < 40) {
    *out += PickWeighted(rng, kAdjectives);
    *out += ", ";
    *out += PickWeighted(rng, kAdjectives);
    *out += ' ';
  } else if (r >= 40) {
    *out += PickWeighted(rng, kAdverbs);
    *out += ' ';
    *out += PickWeighted(rng, kAdjectives);
    *out += ' ';
  }
  *out += PickWeighted(rng, kNouns);
}

void AppendVerbPhrase(Rng& rng, std::string* out) {
  int64_t r = rng.Uniform(0, 71);  // V 30, X V 1, V D 40, X V D 1
  if (r == 30 || r == 71) {
    *out += PickWeighted(rng, kAuxiliaries);
    *out += ' ';
  }
  *out += PickWeighted(rng, kVerbs);
  if (r >= 31) {
    *out += ' ';
    *out += PickWeighted(rng, kAdverbs);
  }
}

void AppendPrepositionalPhrase(Rng& rng, std::string* out) {
  *out += PickWeighted(rng, kPrepositions);
  *out += " the ";
  AppendNounPhrase(rng, out);
}

void AppendSentence(Rng& rng, std::string* out) {
  // N V T 3, N V P T 3, N V N T 3, N P V T 1, N P V P T 1
  int64_t r = rng.Uniform(0, 10);
  AppendNounPhrase(rng, out);
  *out += ' ';
  if (r >= 9) {
    AppendPrepositionalPhrase(rng, out);
    *out += ' ';
  }
  AppendVerbPhrase(rng, out);
  if ((r >= 3 && r < 6) || r == 10) {
    *out += ' ';
    AppendPrepositionalPhrase(rng, out);
  } else if (r >= 6 && r < 9) {
    *out += ' ';
    AppendNounPhrase(rng, out);
  }
  *out += PickWeighted(rng, kTerminators);
}

/// dbgen draws every comment as a random substring of one long text made of
/// grammar sentences (300 MB there; a smaller pool keeps the same fractions).
const std::string& TextPool() {
  static const std::string pool = [] {
    constexpr size_t kSize = size_t{4} << 20;
    std::string text;
    text.reserve(kSize + 256);
    Rng rng(0x7e47, TpchTable::kRegion, -1);
    while (text.size() < kSize) {
      AppendSentence(rng, &text);
      text += ' ';
    }
    return text;
  }();
  return pool;
}

/// TEXT(min, max): a random substring of the pool.
std::string Text(Rng& rng, int min_length, int max_length) {
  const std::string& pool = TextPool();
  int64_t length = rng.Uniform(min_length, max_length);
  int64_t offset = rng.Uniform(0, static_cast<int64_t>(pool.size()) - length);
  return pool.substr(static_cast<size_t>(offset), static_cast<size_t>(length));
}

/// V-STR: random alphanumeric characters, average length 25 (TPC-H 4.2.2.7).
std::string RandomAddress(Rng& rng) {
  static const char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,. ";
  int64_t length = rng.Uniform(10, 40);
  std::string s(static_cast<size_t>(length), ' ');
  for (char& c : s) c = kAlphabet[rng.Uniform(0, static_cast<int64_t>(sizeof(kAlphabet)) - 2)];
  return s;
}

std::string Phone(Rng& rng, int nationkey) {
  char buffer[32];
  snprintf(buffer, sizeof(buffer), "%02d-%03d-%03d-%04d", nationkey + 10, static_cast<int>(rng.Uniform(100, 999)),
           static_cast<int>(rng.Uniform(100, 999)), static_cast<int>(rng.Uniform(1000, 9999)));
  return buffer;
}

std::string Numbered(const char* prefix, int64_t key) {
  char buffer[48];
  snprintf(buffer, sizeof(buffer), "%s#%09lld", prefix, static_cast<long long>(key));
  return buffer;
}

const int64_t kStartDate = DaysFromCivil(1992, 1, 1);
const int64_t kEndDate = DaysFromCivil(1998, 12, 31);
const int64_t kCurrentDate = DaysFromCivil(1995, 6, 17);

/// Columns of a batch under construction, sized for the most rows it can get.
class Builder {
 public:
  Builder(TpchTable table, size_t capacity) : schema_(TpchSchema(table)) {
    for (const Field& field : schema_) columns_.push_back(Vector::Make(field.type, capacity));
  }
  void Long(size_t column, size_t row, int64_t v) { columns_[column]->values<int64_t>()[row] = v; }
  void Int(size_t column, size_t row, int64_t v) {
    columns_[column]->values<int32_t>()[row] = static_cast<int32_t>(v);
  }
  void Str(size_t column, size_t row, std::string_view v) { columns_[column]->SetString(row, v); }
  Batch Finish(size_t rows) {
    for (auto& column : columns_) column->Resize(rows);
    return Batch(std::move(schema_), std::move(columns_), rows);
  }

 private:
  Schema schema_;
  std::vector<VectorPtr> columns_;
};

Field NotNull(const char* name, const DataType& type) {
  Field field;
  field.name = name;
  field.type = type;
  field.nullable = false;
  return field;
}

int64_t Scaled(int64_t base, double scale) { return std::max<int64_t>(1, static_cast<int64_t>(base * scale)); }

}  // namespace

const char* TpchTableName(TpchTable table) {
  static const char* const kNames[] = {"region", "nation", "supplier", "customer",
                                       "part",   "partsupp", "orders", "lineitem"};
  return kNames[static_cast<int>(table)];
}

Schema TpchSchema(TpchTable table) {
  const DataType money = DataType::Decimal(15, 2);
  const DataType str = DataType::String(), i32 = DataType::Int(), i64 = DataType::Long(), date = DataType::Date();
  switch (table) {
    case TpchTable::kRegion:
      return {NotNull("r_regionkey", i32), NotNull("r_name", str), NotNull("r_comment", str)};
    case TpchTable::kNation:
      return {NotNull("n_nationkey", i32), NotNull("n_name", str), NotNull("n_regionkey", i32),
              NotNull("n_comment", str)};
    case TpchTable::kSupplier:
      return {NotNull("s_suppkey", i64),   NotNull("s_name", str),    NotNull("s_address", str),
              NotNull("s_nationkey", i32), NotNull("s_phone", str),   NotNull("s_acctbal", money),
              NotNull("s_comment", str)};
    case TpchTable::kCustomer:
      return {NotNull("c_custkey", i64), NotNull("c_name", str),    NotNull("c_address", str),
              NotNull("c_nationkey", i32), NotNull("c_phone", str), NotNull("c_acctbal", money),
              NotNull("c_mktsegment", str), NotNull("c_comment", str)};
    case TpchTable::kPart:
      return {NotNull("p_partkey", i64), NotNull("p_name", str),      NotNull("p_mfgr", str),
              NotNull("p_brand", str),   NotNull("p_type", str),      NotNull("p_size", i32),
              NotNull("p_container", str), NotNull("p_retailprice", money), NotNull("p_comment", str)};
    case TpchTable::kPartSupp:
      return {NotNull("ps_partkey", i64), NotNull("ps_suppkey", i64), NotNull("ps_availqty", i32),
              NotNull("ps_supplycost", money), NotNull("ps_comment", str)};
    case TpchTable::kOrders:
      return {NotNull("o_orderkey", i64),     NotNull("o_custkey", i64),  NotNull("o_orderstatus", str),
              NotNull("o_totalprice", money), NotNull("o_orderdate", date), NotNull("o_orderpriority", str),
              NotNull("o_clerk", str),        NotNull("o_shippriority", i32), NotNull("o_comment", str)};
    case TpchTable::kLineitem:
      return {NotNull("l_orderkey", i64),     NotNull("l_partkey", i64),      NotNull("l_suppkey", i64),
              NotNull("l_linenumber", i32),   NotNull("l_quantity", money),   NotNull("l_extendedprice", money),
              NotNull("l_discount", money),   NotNull("l_tax", money),        NotNull("l_returnflag", str),
              NotNull("l_linestatus", str),   NotNull("l_shipdate", date),    NotNull("l_commitdate", date),
              NotNull("l_receiptdate", date), NotNull("l_shipinstruct", str), NotNull("l_shipmode", str),
              NotNull("l_comment", str)};
  }
  TARN_CHECK(false);
  return {};
}

int64_t TpchPartSupplier(int64_t partkey, int n, int64_t num_suppliers) {
  int64_t s = num_suppliers;
  return (partkey + n * (s / 4 + (partkey - 1) / s)) % s + 1;
}

int64_t TpchRetailPriceCents(int64_t partkey) { return 90000 + (partkey / 10) % 20001 + 100 * (partkey % 1000); }

int64_t TpchOrderKey(int64_t index) { return (index / 8) * 32 + index % 8 + 1; }

TpchGenerator::TpchGenerator(double scale_factor, uint64_t seed)
    : scale_factor_(scale_factor),
      seed_(seed),
      suppliers_(Scaled(10000, scale_factor)),
      customers_(Scaled(150000, scale_factor)),
      parts_(Scaled(200000, scale_factor)),
      orders_(Scaled(1500000, scale_factor)),
      clerks_(Scaled(1000, scale_factor)) {}

int64_t TpchGenerator::NumUnits(TpchTable table) const {
  switch (table) {
    case TpchTable::kRegion: return 5;
    case TpchTable::kNation: return 25;
    case TpchTable::kSupplier: return suppliers_;
    case TpchTable::kCustomer: return customers_;
    case TpchTable::kPart: return parts_;
    case TpchTable::kPartSupp: return parts_;
    case TpchTable::kOrders: return orders_;
    case TpchTable::kLineitem: return orders_;
  }
  return 0;
}

namespace {

struct LineItem {
  int64_t partkey, suppkey, quantity, extendedprice, discount, tax;
  int64_t shipdate, commitdate, receiptdate;
  const char *returnflag, *linestatus, *instruct, *mode;
  std::string comment;
};

struct Order {
  int64_t orderkey, custkey, totalprice, orderdate;
  const char *status, *priority;
  int64_t clerk;
  std::string comment;
  std::vector<LineItem> lines;
};

}  // namespace

// An order and its line items come from one random stream, so that orders
// and lineitem agree while generated separately.
static void MakeOrder(uint64_t seed, int64_t index, int64_t customers, int64_t parts, int64_t suppliers,
                      int64_t clerks, bool with_line_comments, Order* o) {
  Rng rng(seed, TpchTable::kOrders, index);
  o->orderkey = TpchOrderKey(index);
  int64_t custkey = rng.Uniform(1, customers);
  if (custkey % 3 == 0) custkey = custkey + 1 <= customers ? custkey + 1 : custkey - 1;  // 4.2.3: a third never order
  o->custkey = custkey;
  o->orderdate = rng.Uniform(kStartDate, kEndDate - 151);
  o->priority = rng.Pick(kPriorities);
  o->clerk = rng.Uniform(1, clerks);
  int lines = static_cast<int>(rng.Uniform(1, 7));
  o->lines.resize(static_cast<size_t>(lines));
  o->totalprice = 0;
  int finished = 0;
  for (LineItem& l : o->lines) {
    l.partkey = rng.Uniform(1, parts);
    l.suppkey = TpchPartSupplier(l.partkey, static_cast<int>(rng.Uniform(0, 3)), suppliers);
    l.quantity = rng.Uniform(1, 50);
    l.extendedprice = l.quantity * TpchRetailPriceCents(l.partkey);
    l.discount = rng.Uniform(0, 10);
    l.tax = rng.Uniform(0, 8);
    l.shipdate = o->orderdate + rng.Uniform(1, 121);
    l.commitdate = o->orderdate + rng.Uniform(30, 90);
    l.receiptdate = l.shipdate + rng.Uniform(1, 30);
    int64_t flag = rng.Uniform(0, 1);
    l.returnflag = l.receiptdate <= kCurrentDate ? (flag ? "R" : "A") : "N";
    l.linestatus = l.shipdate > kCurrentDate ? "O" : "F";
    l.instruct = rng.Pick(kInstructions);
    l.mode = rng.Pick(kShipModes);
    // The comment's draws come last and always happen, so orders (which skip
    // the text) and lineitem see the same stream for everything else.
    int64_t length = rng.Uniform(10, 43);
    int64_t offset = rng.Uniform(0, static_cast<int64_t>(TextPool().size()) - 43);
    if (with_line_comments) l.comment = TextPool().substr(static_cast<size_t>(offset), static_cast<size_t>(length));
    // dbgen: totalprice += ((eprice * (100 - discount)) / 100) * (100 + tax) / 100.
    o->totalprice += ((l.extendedprice * (100 - l.discount)) / 100) * (100 + l.tax) / 100;
    if (*l.linestatus == 'F') ++finished;
  }
  o->status = finished == lines ? "F" : finished == 0 ? "O" : "P";
  o->comment = Text(rng, 19, 78);
}

Batch TpchGenerator::Generate(TpchTable table, int64_t begin, int64_t end) const {
  begin = std::max<int64_t>(0, begin);
  end = std::min(end, NumUnits(table));
  if (end < begin) end = begin;
  size_t units = static_cast<size_t>(end - begin);
  size_t capacity = table == TpchTable::kLineitem ? units * 7 : table == TpchTable::kPartSupp ? units * 4 : units;
  Builder b(table, capacity);
  size_t row = 0;
  for (int64_t i = begin; i < end; ++i) {
    int64_t key = i + 1;
    Rng rng(seed_, table, i);
    switch (table) {
      case TpchTable::kRegion:
        b.Int(0, row, i);
        b.Str(1, row, kRegions[i]);
        b.Str(2, row, Text(rng, 31, 115));
        ++row;
        break;
      case TpchTable::kNation:
        b.Int(0, row, i);
        b.Str(1, row, kNations[i].name);
        b.Int(2, row, kNations[i].region);
        b.Str(3, row, Text(rng, 31, 114));
        ++row;
        break;
      case TpchTable::kSupplier: {
        int nation = static_cast<int>(rng.Uniform(0, 24));
        b.Long(0, row, key);
        b.Str(1, row, Numbered("Supplier", key));
        b.Str(2, row, RandomAddress(rng));
        b.Int(3, row, nation);
        b.Str(4, row, Phone(rng, nation));
        b.Long(5, row, rng.Uniform(-99999, 999999));
        std::string comment = Text(rng, 25, 100);
        // 4.2.3: 5 per 10,000 suppliers have "Customer ... Complaints" and 5
        // "Customer ... Recommends" in their comment (Q16).
        int64_t bbb = rng.Uniform(0, 9999);
        if (bbb < 10) {
          const char* tail = bbb < 5 ? "Complaints" : "Recommends";
          int64_t room = static_cast<int64_t>(comment.size()) - 9 - 10;
          int64_t start = rng.Uniform(0, room);
          int64_t gap = rng.Uniform(0, room - start);
          comment.replace(static_cast<size_t>(start), 9, "Customer ");
          comment.replace(static_cast<size_t>(start + 9 + gap), 10, tail);
        }
        b.Str(6, row, comment);
        ++row;
        break;
      }
      case TpchTable::kCustomer: {
        int nation = static_cast<int>(rng.Uniform(0, 24));
        b.Long(0, row, key);
        b.Str(1, row, Numbered("Customer", key));
        b.Str(2, row, RandomAddress(rng));
        b.Int(3, row, nation);
        b.Str(4, row, Phone(rng, nation));
        b.Long(5, row, rng.Uniform(-99999, 999999));
        b.Str(6, row, rng.Pick(kSegments));
        b.Str(7, row, Text(rng, 29, 116));
        ++row;
        break;
      }
      case TpchTable::kPart: {
        // P_NAME: five distinct colors.
        int picked[5];
        std::string name;
        for (int w = 0; w < 5; ++w) {
          int color;
          do {
            color = static_cast<int>(rng.Uniform(0, 91));
          } while (std::find(picked, picked + w, color) != picked + w);
          picked[w] = color;
          if (w > 0) name += ' ';
          name += kColors[color];
        }
        int64_t m = rng.Uniform(1, 5), n = rng.Uniform(1, 5);
        std::string type = std::string(rng.Pick(kTypeSize)) + " " + rng.Pick(kTypeFinish) + " " +
                           rng.Pick(kTypeMaterial);
        std::string container = std::string(rng.Pick(kContainerSize)) + " " + rng.Pick(kContainerType);
        b.Long(0, row, key);
        b.Str(1, row, name);
        b.Str(2, row, "Manufacturer#" + std::to_string(m));
        b.Str(3, row, "Brand#" + std::to_string(m) + std::to_string(n));
        b.Str(4, row, type);
        b.Int(5, row, rng.Uniform(1, 50));
        b.Str(6, row, container);
        b.Long(7, row, TpchRetailPriceCents(key));
        b.Str(8, row, Text(rng, 5, 22));
        ++row;
        break;
      }
      case TpchTable::kPartSupp:
        for (int n = 0; n < 4; ++n, ++row) {
          b.Long(0, row, key);
          b.Long(1, row, TpchPartSupplier(key, n, suppliers_));
          b.Int(2, row, rng.Uniform(1, 9999));
          b.Long(3, row, rng.Uniform(100, 100000));
          b.Str(4, row, Text(rng, 49, 198));
        }
        break;
      case TpchTable::kOrders:
      case TpchTable::kLineitem: {
        Order o;
        bool lineitem = table == TpchTable::kLineitem;
        MakeOrder(seed_, i, customers_, parts_, suppliers_, clerks_, lineitem, &o);
        if (!lineitem) {
          b.Long(0, row, o.orderkey);
          b.Long(1, row, o.custkey);
          b.Str(2, row, o.status);
          b.Long(3, row, o.totalprice);
          b.Int(4, row, o.orderdate);
          b.Str(5, row, o.priority);
          b.Str(6, row, Numbered("Clerk", o.clerk));
          b.Int(7, row, 0);
          b.Str(8, row, o.comment);
          ++row;
          break;
        }
        int number = 1;
        for (const LineItem& l : o.lines) {
          b.Long(0, row, o.orderkey);
          b.Long(1, row, l.partkey);
          b.Long(2, row, l.suppkey);
          b.Int(3, row, number++);
          b.Long(4, row, l.quantity * 100);
          b.Long(5, row, l.extendedprice);
          b.Long(6, row, l.discount);
          b.Long(7, row, l.tax);
          b.Str(8, row, l.returnflag);
          b.Str(9, row, l.linestatus);
          b.Int(10, row, l.shipdate);
          b.Int(11, row, l.commitdate);
          b.Int(12, row, l.receiptdate);
          b.Str(13, row, l.instruct);
          b.Str(14, row, l.mode);
          b.Str(15, row, l.comment);
          ++row;
        }
        break;
      }
    }
  }
  return b.Finish(row);
}

bool TpchGenerator::NextBatch(TpchTable table, size_t max_rows, Batch* out) {
  int64_t& cursor = cursor_[static_cast<int>(table)];
  int64_t total = NumUnits(table);
  if (cursor >= total) return false;
  int64_t per_unit = table == TpchTable::kLineitem ? 7 : table == TpchTable::kPartSupp ? 4 : 1;
  int64_t units = std::max<int64_t>(1, static_cast<int64_t>(max_rows) / per_unit);
  int64_t end = std::min(total, cursor + units);
  *out = Generate(table, cursor, end);
  cursor = end;
  return true;
}

void WriteTpch(FileSystem& fs, const std::string& dir, double scale_factor, int threads, uint64_t seed) {
  TpchGenerator generator(scale_factor, seed);
  ThrowIfError(fs.CreateDirectories(dir));
  // Largest first, so the long tables start early.
  const TpchTable kOrder[] = {TpchTable::kLineitem, TpchTable::kOrders, TpchTable::kPartSupp, TpchTable::kPart,
                              TpchTable::kCustomer, TpchTable::kSupplier, TpchTable::kNation, TpchTable::kRegion};
  std::atomic<int> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  auto work = [&] {
    for (int t; (t = next.fetch_add(1)) < kNumTpchTables;) {
      try {
        TpchTable table = kOrder[t];
        auto writer = parquet::ParquetWriter::Open(fs, dir + "/" + TpchTableName(table) + ".parquet",
                                                   TpchSchema(table));
        constexpr int64_t kChunkRows = 65536;
        int64_t per_unit = table == TpchTable::kLineitem ? 4 : table == TpchTable::kPartSupp ? 4 : 1;
        int64_t total = generator.NumUnits(table);
        for (int64_t begin = 0; begin < total; begin += kChunkRows / per_unit) {
          writer->Write(generator.Generate(table, begin, begin + kChunkRows / per_unit));
        }
        writer->Close();
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    }
  };
  TextPool();  // built once before the threads share it
  std::vector<std::thread> pool;
  for (int i = 1; i < std::max(1, threads); ++i) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace tarn::datagen
