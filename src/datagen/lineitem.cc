#include "datagen/lineitem.h"

#include <string>
#include <vector>

#include "types/datetime.h"

namespace tarn::datagen {

namespace {

const char* const kInstructions[] = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
const char* const kModes[] = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
const char* const kWords[] = {
    "furiously", "sly",      "careful",  "blithely", "quickly", "fluffily", "slyly",     "carefully", "ironic",
    "final",     "regular",  "express",  "special",  "pending", "bold",     "even",      "silent",    "unusual",
    "requests",  "packages", "accounts", "deposits", "foxes",   "ideas",    "theodolites", "pinto",   "beans",
    "instructions", "dependencies", "excuses", "platelets", "asymptotes", "courts", "dolphins", "multipliers",
    "sauternes", "warthogs", "frets",    "dinos",    "attainments", "somas", "Tiresias", "patterns", "forges",
    "braids",    "hockey",   "players",  "frays",    "warhorses", "dugouts", "notornis", "epitaphs", "pearls",
    "tithes",    "waters",   "orbits",   "gifts",    "sheaves",  "depths",   "sentiments", "decoys", "realms",
    "pains",     "grouches", "escapades", "haggle",  "nag",      "sleep",    "wake",      "are",       "cajole",
    "detect",    "integrate", "maintain", "nod",     "was",      "lose",     "use",       "boost",     "affix",
    "above",     "according", "across",  "after",    "against",  "along",    "among",     "around",    "at"};
constexpr int kNumWords = sizeof(kWords) / sizeof(kWords[0]);

const int64_t kStartDate = DaysFromCivil(1992, 1, 1);
const int64_t kEndDate = DaysFromCivil(1998, 12, 31);
const int64_t kCurrentDate = DaysFromCivil(1995, 6, 17);

uint64_t NextRandom(uint64_t* state) {  // splitmix64
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
int64_t Uniform(uint64_t* state, int64_t low, int64_t high) {
  return low + static_cast<int64_t>(NextRandom(state) % static_cast<uint64_t>(high - low + 1));
}

/// TPC-H 4.2.3: P_RETAILPRICE in cents from the part key.
int64_t RetailPriceCents(int64_t partkey) { return 90000 + (partkey / 10) % 20001 + 100 * (partkey % 1000); }

}  // namespace

Schema LineitemSchema() {
  DataType money = DataType::Decimal(15, 2);
  return {{"l_orderkey", DataType::Long(), false},  {"l_partkey", DataType::Long(), false},
          {"l_suppkey", DataType::Long(), false},   {"l_linenumber", DataType::Int(), false},
          {"l_quantity", money, false},             {"l_extendedprice", money, false},
          {"l_discount", money, false},             {"l_tax", money, false},
          {"l_returnflag", DataType::String(), false}, {"l_linestatus", DataType::String(), false},
          {"l_shipdate", DataType::Date(), false},  {"l_commitdate", DataType::Date(), false},
          {"l_receiptdate", DataType::Date(), false}, {"l_shipinstruct", DataType::String(), false},
          {"l_shipmode", DataType::String(), false}, {"l_comment", DataType::String(), false}};
}

LineitemGenerator::LineitemGenerator(double scale, uint64_t seed)
    : num_orders_(static_cast<int64_t>(1500000 * scale)), state_(seed) {}

bool LineitemGenerator::Next(size_t max_rows, Batch* batch) {
  if (next_order_ >= num_orders_) return false;
  Schema schema = LineitemSchema();
  std::vector<VectorPtr> columns;
  for (const Field& field : schema) {
    VectorPtr column = Vector::Make(field.type, 0);
    column->Reserve(max_rows + 7);
    columns.push_back(std::move(column));
  }
  size_t rows = 0;
  std::string comment;
  while (next_order_ < num_orders_ && rows + 7 <= max_rows) {
    int64_t order = next_order_++;
    int64_t orderkey = (order / 8) * 32 + order % 8 + 1;  // sparse keys (TPC-H 4.2.3)
    int64_t orderdate = Uniform(&state_, kStartDate, kEndDate - 151);
    int lines = static_cast<int>(Uniform(&state_, 1, 7));
    for (int line = 1; line <= lines; ++line, ++rows) {
      for (auto& column : columns) column->Resize(rows + 1);
      int64_t partkey = Uniform(&state_, 1, static_cast<int64_t>(200000 * (num_orders_ / 1500000.0)) + 1);
      int64_t suppkey = Uniform(&state_, 1, std::max<int64_t>(1, num_orders_ / 150));
      int64_t quantity = Uniform(&state_, 1, 50);
      int64_t shipdate = orderdate + Uniform(&state_, 1, 121);
      int64_t receiptdate = shipdate + Uniform(&state_, 1, 30);
      columns[0]->values<int64_t>()[rows] = orderkey;
      columns[1]->values<int64_t>()[rows] = partkey;
      columns[2]->values<int64_t>()[rows] = suppkey;
      columns[3]->values<int32_t>()[rows] = line;
      columns[4]->values<int64_t>()[rows] = quantity * 100;
      columns[5]->values<int64_t>()[rows] = quantity * RetailPriceCents(partkey);
      columns[6]->values<int64_t>()[rows] = Uniform(&state_, 0, 10);
      columns[7]->values<int64_t>()[rows] = Uniform(&state_, 0, 8);
      columns[8]->SetString(rows, receiptdate <= kCurrentDate ? (Uniform(&state_, 0, 1) ? "R" : "A") : "N");
      columns[9]->SetString(rows, shipdate > kCurrentDate ? "O" : "F");
      columns[10]->values<int32_t>()[rows] = static_cast<int32_t>(shipdate);
      columns[11]->values<int32_t>()[rows] = static_cast<int32_t>(orderdate + Uniform(&state_, 30, 90));
      columns[12]->values<int32_t>()[rows] = static_cast<int32_t>(receiptdate);
      columns[13]->SetString(rows, kInstructions[Uniform(&state_, 0, 3)]);
      columns[14]->SetString(rows, kModes[Uniform(&state_, 0, 6)]);
      size_t length = static_cast<size_t>(Uniform(&state_, 10, 43));
      comment.clear();
      while (comment.size() < length) {
        if (!comment.empty()) comment += ' ';
        comment += kWords[Uniform(&state_, 0, kNumWords - 1)];
      }
      comment.resize(length);
      columns[15]->SetString(rows, comment);
    }
  }
  *batch = Batch(std::move(schema), std::move(columns), rows);
  return true;
}

}  // namespace tarn::datagen
