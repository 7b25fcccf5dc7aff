// The `cachesim` command line: every subcommand lives in the CacheSimCLI
// library, so a package can register policies of its own and run the same
// command line with them (Examples/custom-policy).
import CacheSimCLI

CacheSim.main()
