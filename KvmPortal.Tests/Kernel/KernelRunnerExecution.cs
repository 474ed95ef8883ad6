using System.Reflection;
using System.Runtime.ExceptionServices;
using Xunit;

namespace KvmPortal.Tests.Kernel;

/// <summary>
/// Runs one kernel test the way xunit would for a plain fact: a new instance per test (parameterless constructor),
/// <see cref="IAsyncLifetime"/> honoured, the method invoked and awaited (Task or ValueTask), then the instance disposed
/// (<see cref="IAsyncDisposable"/> preferred over <see cref="IDisposable"/>). Any exception fails the test.
/// </summary>
internal static class KernelRunnerExecution
{
    public static async Task RunAsync(KernelRunnerTestCase test)
    {
        if (test.Method.GetParameters().Length != 0)
        {
            throw new InvalidOperationException("The kernel runner runs only parameterless facts (no [Theory] data).");
        }

        var instance = test.Method.IsStatic ? null : CreateInstance(test.TestClass);
        ExceptionDispatchInfo? failure = null;
        try
        {
            if (instance is IAsyncLifetime lifetime)
            {
                await lifetime.InitializeAsync();
            }

            await AwaitResult(Invoke(test.Method, instance));
        }
#pragma warning disable CA1031 // A test runner reports every exception of the test as its failure.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        try
        {
            await DisposeAsync(instance);
        }
#pragma warning disable CA1031 // A failing dispose fails the test, unless the test failed first (that failure wins).
        catch (Exception ex) when (failure is null)
#pragma warning restore CA1031
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        failure?.Throw();
    }

    private static object CreateInstance(Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is not { } constructor)
        {
            throw new InvalidOperationException($"{type.FullName} needs a public parameterless constructor to run in the VM lab.");
        }

        try
        {
            return constructor.Invoke(null);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    private static object? Invoke(MethodInfo method, object? instance)
    {
        try
        {
            return method.Invoke(instance, null);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    private static async Task AwaitResult(object? result)
    {
        switch (result)
        {
            case Task task:
                await task;
                break;
            case ValueTask valueTask:
                await valueTask;
                break;
            case not null when result.GetType() is { IsGenericType: true } type
                               && type.GetGenericTypeDefinition() == typeof(ValueTask<>):
                await (Task)type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(result, null)!;
                break;
            default:
                break;
        }
    }

    private static async Task DisposeAsync(object? instance)
    {
        if (instance is IAsyncLifetime lifetime)
        {
            await lifetime.DisposeAsync();
        }

        if (instance is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (instance is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
