// tarn: the command-line interface.
#include <cstdio>

int main(int argc, char** argv) {
  std::fprintf(stderr, "usage: tarn <command> [args]\n");
  return argc > 1 ? 2 : 0;
}
