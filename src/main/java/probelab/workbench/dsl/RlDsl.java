package probelab.workbench.dsl;

import java.util.Map;
import probelab.env.Env;
import probelab.rl.Dqn;
import probelab.util.Doc;
import probelab.util.Options;

/** Learners. */
public final class RlDsl {
    private RlDsl() {}

    @Doc(value = "a DQN agent for a discrete-action environment (classic catch settings by default)",
            example = "agent = dqn(env, lr: 0.2, targetSync: 0)", topic = "rl", options = Dqn.Options.class)
    public static Dqn dqn(Map<String, ?> opts, Env<Integer> env) {
        return new Dqn(env, Options.apply(Dqn.Options.DEFAULTS, opts, "dqn"));
    }

    public static Dqn dqn(Env<Integer> env) {
        return dqn(Map.of(), env);
    }

    @Doc(value = "a TD3 agent for a continuous (Box) action space, with the seed's settings (seed 000)",
            example = "env = elasticNetEnv(); agent = td3(env); run = agent.train(env, episodes: 200, maxSteps: 2)", topic = "rl",
            options = probelab.rl.Td3.Options.class)
    public static probelab.rl.Td3 td3(Map<String, ?> opts, Env<float[]> env) {
        return new probelab.rl.Td3(env, Options.apply(probelab.rl.Td3.Options.DEFAULTS, opts, "td3"));
    }

    public static probelab.rl.Td3 td3(Env<float[]> env) {
        return td3(Map.of(), env);
    }

    @Doc(value = "a DDPG agent on TD3's networks: one critic, no target smoothing, updates every step", example = "agent = ddpg(env)",
            topic = "rl", options = probelab.rl.Td3.Options.class)
    public static probelab.rl.Td3 ddpg(Map<String, ?> opts, Env<float[]> env) {
        return new probelab.rl.Td3(env, Options.apply(probelab.rl.Td3.Options.DDPG, opts, "ddpg"));
    }

    public static probelab.rl.Td3 ddpg(Env<float[]> env) {
        return ddpg(Map.of(), env);
    }

    @Doc(value = "a soft actor-critic agent (twin critics, learned temperature) on TD3's networks", example = "agent = sac(env)",
            topic = "rl", options = probelab.rl.Sac.Options.class)
    public static probelab.rl.Sac sac(Map<String, ?> opts, Env<float[]> env) {
        return new probelab.rl.Sac(env, Options.apply(probelab.rl.Sac.Options.DEFAULTS, opts, "sac"));
    }

    public static probelab.rl.Sac sac(Env<float[]> env) {
        return sac(Map.of(), env);
    }

    @Doc(value = "the retinal agent's network (seed 003): Lindsey encoder (kernel 7, ELU; 3→C stride 2, C→B, B→C) → dense 64 → GRU 64 → turn, move and value heads",
            example = "net = retinaNet(height: 36, width: 64)", topic = "rl", options = probelab.studies.retina.RetinaNet.Options.class)
    public static probelab.studies.retina.RetinaNet retinaNet(Map<String, ?> opts) {
        return new probelab.studies.retina.RetinaNet(Options.apply(probelab.studies.retina.RetinaNet.Options.DEFAULTS, opts, "retinaNet"));
    }

    public static probelab.studies.retina.RetinaNet retinaNet() {
        return retinaNet(Map.of());
    }

    @Doc(value = "PPO for an actor-critic network (the retinal network, mlpPolicy): agent.train({ i -> env }, frames); checkpoints and resume",
            example = "agent = ppo(retinaNet(height: 36, width: 64), envs: 8); agent.train({ i -> foragingEnv(height: 36, width: 64) }, 100000)",
            topic = "rl", options = probelab.rl.Ppo.Options.class)
    public static <P extends probelab.rl.ActorCritic> probelab.rl.Ppo<P> ppo(Map<String, ?> opts, P net) {
        return new probelab.rl.Ppo<>(net, Options.apply(probelab.rl.Ppo.Options.DEFAULTS, opts, "ppo"));
    }

    public static <P extends probelab.rl.ActorCritic> probelab.rl.Ppo<P> ppo(P net) {
        return ppo(Map.of(), net);
    }
}
