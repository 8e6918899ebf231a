// Catch with the classic DQN ("Keras plays catch", seed 002): a fruit falls down a 10×10
// grid, a three-cell basket must catch it. Trains, plays greedily, writes figures, a GIF of
// greedy games, the saved agent and summary.json into the output folder.
//
//   bin/probelab scripts/catch_dqn.groovy [--episodes 1000] [--seed 1] [--size 10]
//                                         [--evalEpisodes 1000] [--gifEpisodes 5] [--out DIR]

def opts = parseArgs(args, [episodes: 1000, seed: 1, size: 10, evalEpisodes: 1000, gifEpisodes: 5])
config(script: 'catch_dqn', *: opts)

env = catchGame(size: opts.size)
agent = dqn(env, seed: opts.seed)                 // the classic settings, see :help dqn
config(dqn: Options.toMap(agent.options))
println agent

run = agent.train(episodes: opts.episodes)        // progress bar: win rate over the last 100, loss, ε
greedy = agent.evaluate(catchGame(size: opts.size), episodes: opts.evalEpisodes, seed: opts.seed + 10_000)
println run
println greedy

plot(run, title: 'catch: DQN training')
plot(run.loss, title: 'catch: mean loss per episode', xlabel: 'episode', ylabel: 'MSE')
agent.play(catchGame(size: opts.size), episodes: opts.gifEpisodes, seed: opts.seed + 20_000).gif('catch.gif')
agent.save('catch.agent')

summary(
        episodes: run.episodes,
        train_seconds: run.seconds,
        train_win_rate_last100: run.winRateLast(100),
        greedy_win_rate: greedy.winRate,
        greedy_episodes: greedy.episodes,
        wins_total: run.wins,
        interrupted: run.interrupted)
