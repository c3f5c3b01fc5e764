// The umbrella module: `import GateKit` brings in every library module of the package
// (the bundled datasets are a separate module, `GateKitDatasets`).

@_exported import GateKitChecking
@_exported import GateKitCheckpoints
@_exported import GateKitComposers
@_exported import GateKitCompression
@_exported import GateKitCore
@_exported import GateKitData
@_exported import GateKitGates
@_exported import GateKitInitializers
@_exported import GateKitLosses
@_exported import GateKitModels
@_exported import GateKitOptimizers
@_exported import GateKitPresentation
@_exported import GateKitTraining
