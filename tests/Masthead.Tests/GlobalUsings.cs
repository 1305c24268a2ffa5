global using Masthead.Kernel;
