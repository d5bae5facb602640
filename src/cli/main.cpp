#include "app.hpp"

int main(int argc, char** argv) { return magritte::cli::run(argc, argv); }
