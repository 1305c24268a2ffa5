// The shared kernel every feature uses: money in pence, the paper's clock and settings, its public addresses.
global using Masthead.Kernel;
