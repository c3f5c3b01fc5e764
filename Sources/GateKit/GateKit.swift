// The umbrella module: `import GateKit` brings in every library module of the package.

@_exported import GateKitChecking
@_exported import GateKitComposers
@_exported import GateKitCore
@_exported import GateKitGates
@_exported import GateKitInitializers
