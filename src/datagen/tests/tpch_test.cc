#include "datagen/tpch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/file_system.h"
#include "formats/parquet/reader.h"
#include "types/datetime.h"

namespace tarn::datagen {
namespace {

constexpr double kScale = 0.01;

/// The whole table in one batch.
Batch All(const TpchGenerator& generator, TpchTable table) {
  return generator.Generate(table, 0, generator.NumUnits(table));
}

int64_t Long(const Batch& b, size_t column, size_t row) { return b.column(column).ValueAt<int64_t>(row); }
int32_t Int(const Batch& b, size_t column, size_t row) { return b.column(column).ValueAt<int32_t>(row); }
std::string Str(const Batch& b, size_t column, size_t row) { return std::string(b.column(column).StringAt(row).view()); }

bool Like2(const std::string& s, const std::string& first, const std::string& second) {
  size_t at = s.find(first);
  return at != std::string::npos && s.find(second, at + first.size()) != std::string::npos;
}

TEST(TpchTest, RowCountsAtScale001) {
  TpchGenerator g(kScale);
  EXPECT_EQ(All(g, TpchTable::kRegion).num_rows(), 5u);
  EXPECT_EQ(All(g, TpchTable::kNation).num_rows(), 25u);
  EXPECT_EQ(All(g, TpchTable::kSupplier).num_rows(), 100u);
  EXPECT_EQ(All(g, TpchTable::kCustomer).num_rows(), 1500u);
  EXPECT_EQ(All(g, TpchTable::kPart).num_rows(), 2000u);
  EXPECT_EQ(All(g, TpchTable::kPartSupp).num_rows(), 8000u);
  EXPECT_EQ(All(g, TpchTable::kOrders).num_rows(), 15000u);
  size_t lines = All(g, TpchTable::kLineitem).num_rows();
  EXPECT_GE(lines, 15000u * 3);  // 4 lines per order on average
  EXPECT_LE(lines, 15000u * 5);
}

TEST(TpchTest, SchemasAreTheBenchmarkTypes) {
  Schema lineitem = TpchSchema(TpchTable::kLineitem);
  ASSERT_EQ(lineitem.size(), 16u);
  EXPECT_EQ(lineitem[0].type, DataType::Long());
  EXPECT_EQ(lineitem[3].type, DataType::Int());
  EXPECT_EQ(lineitem[5].type, DataType::Decimal(15, 2));
  EXPECT_EQ(lineitem[10].type, DataType::Date());
  EXPECT_EQ(TpchSchema(TpchTable::kOrders)[4].type, DataType::Date());
  EXPECT_EQ(TpchSchema(TpchTable::kRegion)[0].type, DataType::Int());
  EXPECT_EQ(TpchSchema(TpchTable::kSupplier)[0].type, DataType::Long());
  EXPECT_EQ(TpchSchema(TpchTable::kPart)[7].type, DataType::Decimal(15, 2));
  for (int t = 0; t < kNumTpchTables; ++t) {
    auto table = static_cast<TpchTable>(t);
    TpchGenerator g(kScale);
    Batch b = g.Generate(table, 0, 3);
    ASSERT_EQ(b.schema().size(), TpchSchema(table).size()) << TpchTableName(table);
  }
}

TEST(TpchTest, KeyIntegrity) {
  TpchGenerator g(kScale);
  Batch orders = All(g, TpchTable::kOrders);
  Batch lineitem = All(g, TpchTable::kLineitem);
  Batch partsupp = All(g, TpchTable::kPartSupp);
  Batch supplier = All(g, TpchTable::kSupplier);
  Batch customer = All(g, TpchTable::kCustomer);
  Batch nation = All(g, TpchTable::kNation);

  std::set<std::pair<int64_t, int64_t>> ps;
  for (size_t r = 0; r < partsupp.num_rows(); ++r) {
    int64_t part = Long(partsupp, 0, r), supp = Long(partsupp, 1, r);
    ASSERT_GE(supp, 1);
    ASSERT_LE(supp, 100);
    ps.insert({part, supp});
  }
  EXPECT_EQ(ps.size(), 8000u) << "4 distinct suppliers per part";

  std::set<int64_t> orderkeys;
  for (size_t r = 0; r < orders.num_rows(); ++r) {
    int64_t key = Long(orders, 0, r);
    EXPECT_TRUE(orderkeys.insert(key).second);
    EXPECT_LT((key - 1) % 32, 8) << "sparse keys";
    int64_t cust = Long(orders, 1, r);
    EXPECT_NE(cust % 3, 0);
    EXPECT_GE(cust, 1);
    EXPECT_LE(cust, 1500);
  }
  EXPECT_EQ(*orderkeys.rbegin(), TpchOrderKey(14999));
  for (size_t r = 0; r < lineitem.num_rows(); ++r) {
    ASSERT_TRUE(orderkeys.count(Long(lineitem, 0, r)));
    ASSERT_TRUE(ps.count({Long(lineitem, 1, r), Long(lineitem, 2, r)}));
  }
  for (size_t r = 0; r < supplier.num_rows(); ++r) {
    EXPECT_EQ(Long(supplier, 0, r), static_cast<int64_t>(r) + 1);
    EXPECT_LT(Int(supplier, 3, r), 25);
  }
  for (size_t r = 0; r < customer.num_rows(); ++r) EXPECT_LT(Int(customer, 3, r), 25);
  for (size_t r = 0; r < nation.num_rows(); ++r) EXPECT_LT(Int(nation, 2, r), 5);
  EXPECT_EQ(Str(nation, 1, 24), "UNITED STATES");
  EXPECT_EQ(Int(nation, 2, 24), 1);
}

TEST(TpchTest, OrdersAgreeWithTheirLineItems) {
  TpchGenerator g(kScale);
  Batch orders = All(g, TpchTable::kOrders);
  Batch lineitem = All(g, TpchTable::kLineitem);
  const int64_t current = DaysFromCivil(1995, 6, 17);
  std::map<int64_t, int64_t> total;
  std::map<int64_t, std::string> statuses;
  std::map<int64_t, int> lines;
  for (size_t r = 0; r < lineitem.num_rows(); ++r) {
    int64_t key = Long(lineitem, 0, r);
    int64_t price = Long(lineitem, 5, r), discount = Long(lineitem, 6, r), tax = Long(lineitem, 7, r);
    int64_t quantity = Long(lineitem, 4, r);
    EXPECT_EQ(Int(lineitem, 3, r), ++lines[key]);
    EXPECT_EQ(price, quantity / 100 * TpchRetailPriceCents(Long(lineitem, 1, r)));
    total[key] += ((price * (100 - discount)) / 100) * (100 + tax) / 100;
    std::string status = Str(lineitem, 9, r);
    statuses[key] += status;
    EXPECT_EQ(status, Int(lineitem, 10, r) > current ? "O" : "F");
    std::string flag = Str(lineitem, 8, r);
    if (Int(lineitem, 12, r) <= current) {
      EXPECT_TRUE(flag == "R" || flag == "A");
    } else {
      EXPECT_EQ(flag, "N");
    }
  }
  for (size_t r = 0; r < orders.num_rows(); ++r) {
    int64_t key = Long(orders, 0, r);
    ASSERT_TRUE(lines.count(key));
    EXPECT_GE(lines[key], 1);
    EXPECT_LE(lines[key], 7);
    EXPECT_EQ(Long(orders, 3, r), total[key]);
    const std::string& s = statuses[key];
    std::string expected = s.find('O') == std::string::npos ? "F" : s.find('F') == std::string::npos ? "O" : "P";
    EXPECT_EQ(Str(orders, 2, r), expected);
  }
}

TEST(TpchTest, ValueRanges) {
  TpchGenerator g(kScale);
  const int64_t start = DaysFromCivil(1992, 1, 1), end = DaysFromCivil(1998, 12, 31);
  Batch lineitem = All(g, TpchTable::kLineitem);
  for (size_t r = 0; r < lineitem.num_rows(); ++r) {
    int64_t q = Long(lineitem, 4, r);
    ASSERT_TRUE(q >= 100 && q <= 5000 && q % 100 == 0);
    ASSERT_TRUE(Long(lineitem, 6, r) >= 0 && Long(lineitem, 6, r) <= 10);
    ASSERT_TRUE(Long(lineitem, 7, r) >= 0 && Long(lineitem, 7, r) <= 8);
    int32_t ship = Int(lineitem, 10, r), receipt = Int(lineitem, 12, r), commit = Int(lineitem, 11, r);
    ASSERT_TRUE(ship >= start && receipt <= end && commit >= start && commit <= end);
    ASSERT_TRUE(receipt > ship && receipt <= ship + 30);
    size_t comment = Str(lineitem, 15, r).size();
    ASSERT_TRUE(comment >= 10 && comment <= 43);
  }
  Batch orders = All(g, TpchTable::kOrders);
  int special_requests = 0;
  for (size_t r = 0; r < orders.num_rows(); ++r) {
    int32_t date = Int(orders, 4, r);
    ASSERT_TRUE(date >= start && date <= end - 151);
    ASSERT_EQ(Str(orders, 6, r).substr(0, 6), "Clerk#");
    ASSERT_EQ(Int(orders, 7, r), 0);
    if (Like2(Str(orders, 8, r), "special", "requests")) ++special_requests;
  }
  // Q13's filter drops a small but non-zero share of orders (about 1% with dbgen).
  EXPECT_GT(special_requests, 15000 / 400);
  EXPECT_LT(special_requests, 15000 / 20);

  Batch part = All(g, TpchTable::kPart);
  int green = 0;
  for (size_t r = 0; r < part.num_rows(); ++r) {
    int64_t key = Long(part, 0, r);
    EXPECT_EQ(Long(part, 7, r), TpchRetailPriceCents(key));
    std::string name = Str(part, 1, r);
    EXPECT_EQ(std::count(name.begin(), name.end(), ' '), 4);
    if (name.find("green") != std::string::npos) ++green;
    int32_t size = Int(part, 5, r);
    EXPECT_TRUE(size >= 1 && size <= 50);
    EXPECT_EQ(Str(part, 3, r).substr(0, 6), "Brand#");
    EXPECT_EQ(Str(part, 2, r).substr(0, 13), "Manufacturer#");
  }
  // Q9: 5 of 92 colors → about 5.4% of the parts.
  EXPECT_GT(green, 2000 * 3 / 100);
  EXPECT_LT(green, 2000 * 8 / 100);
  EXPECT_EQ(TpchRetailPriceCents(1), 90100);  // 901.00

  Batch customer = All(g, TpchTable::kCustomer);
  for (size_t r = 0; r < customer.num_rows(); ++r) {
    int64_t balance = Long(customer, 5, r);
    ASSERT_TRUE(balance >= -99999 && balance <= 999999);
    std::string phone = Str(customer, 4, r);
    ASSERT_EQ(phone.size(), 15u);
    ASSERT_EQ(std::stoi(phone.substr(0, 2)), Int(customer, 3, r) + 10);
  }
}

TEST(TpchTest, SuppliersWithComplaints) {
  // Q16: about 5 per 10,000 suppliers, so look at SF 1's 10,000.
  TpchGenerator g(1);
  Batch supplier = g.Generate(TpchTable::kSupplier, 0, g.NumUnits(TpchTable::kSupplier));
  ASSERT_EQ(supplier.num_rows(), 10000u);
  int complaints = 0, recommends = 0;
  for (size_t r = 0; r < supplier.num_rows(); ++r) {
    std::string comment = Str(supplier, 6, r);
    if (Like2(comment, "Customer", "Complaints")) ++complaints;
    if (Like2(comment, "Customer", "Recommends")) ++recommends;
    ASSERT_LE(comment.size(), 100u);
  }
  EXPECT_GE(complaints, 1);
  EXPECT_LE(complaints, 20);
  EXPECT_GE(recommends, 1);
  EXPECT_LE(recommends, 20);
}

TEST(TpchTest, DeterministicAndChunkIndependent) {
  TpchGenerator a(kScale), b(kScale), other_seed(kScale, 7);
  for (TpchTable table : {TpchTable::kLineitem, TpchTable::kPart, TpchTable::kCustomer}) {
    Batch whole = All(a, table);
    // The same rows through the cursor in small batches.
    size_t row = 0;
    Batch chunk;
    while (b.NextBatch(table, 1000, &chunk)) {
      ASSERT_LE(chunk.num_rows(), 1000u);
      for (size_t r = 0; r < chunk.num_rows(); ++r, ++row) {
        ASSERT_LT(row, whole.num_rows());
        ASSERT_EQ(Long(chunk, 0, r), Long(whole, 0, row));
        ASSERT_EQ(Str(chunk, chunk.schema().size() - 1, r), Str(whole, whole.schema().size() - 1, row));
      }
    }
    EXPECT_EQ(row, whole.num_rows());
    Batch again = All(TpchGenerator(kScale), table);
    ASSERT_EQ(again.num_rows(), whole.num_rows());
    for (size_t c = 0; c < whole.schema().size(); ++c) {
      for (size_t r = 0; r < whole.num_rows(); r += 7) {
        if (whole.schema()[c].type == DataType::String()) {
          ASSERT_EQ(Str(again, c, r), Str(whole, c, r));
        }
      }
    }
  }
  EXPECT_NE(Str(All(a, TpchTable::kCustomer), 7, 0), Str(All(other_seed, TpchTable::kCustomer), 7, 0));
}

TEST(TpchTest, WritesParquetThatReadsBack) {
  std::string dir = (std::filesystem::temp_directory_path() / ("tarn_tpch_test_" + std::to_string(getpid()))).string();
  auto fs = LocalFileSystem();
  WriteTpch(*fs, dir, kScale, 2);
  TpchGenerator g(kScale);
  for (int t = 0; t < kNumTpchTables; ++t) {
    auto table = static_cast<TpchTable>(t);
    Batch expected = All(g, table);
    Batch read = parquet::ReadParquetFile(*fs, dir + "/" + TpchTableName(table) + ".parquet");
    ASSERT_EQ(read.num_rows(), expected.num_rows()) << TpchTableName(table);
    ASSERT_EQ(read.schema().size(), expected.schema().size());
    for (size_t c = 0; c < read.schema().size(); ++c) {
      EXPECT_EQ(read.schema()[c].name, expected.schema()[c].name);
      EXPECT_EQ(read.schema()[c].type, expected.schema()[c].type) << read.schema()[c].name;
    }
    for (size_t r = 0; r < read.num_rows(); r += 97) {
      const DataType& type = expected.schema()[0].type;
      if (type == DataType::Long()) {
        EXPECT_EQ(Long(read, 0, r), Long(expected, 0, r));
      } else {
        EXPECT_EQ(Int(read, 0, r), Int(expected, 0, r));
      }
      size_t last = read.schema().size() - 1;
      EXPECT_EQ(Str(read, last, r), Str(expected, last, r));
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tarn::datagen
