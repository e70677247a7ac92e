import { parseDuration } from '../scenario/duration';
import { meanStepsPerJourney } from '../scenario/mix';
import type { Profile, Scenario } from '../scenario/types';

export interface Phase {
    label: string;
    durationS: number;
    journeysPerSecond: number;
    requestsPerSecond: number;
    connections: number;
}

export interface PhaseOverrides {
    durationS?: number;
    journeysPerSecond?: number;
    connections?: number;
}

/**
 * A profile as autocannon can run it. A constant rate is one phase; a ramp becomes one phase per
 * stage at that stage's target (autocannon cannot ramp), which shows the knee as a step curve.
 */
export function planPhases(scenario: Scenario, profile: Profile, mix: Scenario['mix'], overrides: PhaseOverrides = {}): Phase[] {
    const steps = meanStepsPerJourney(scenario, mix);
    const connections = overrides.connections ?? profile.maxVUs;
    const phase = (label: string, durationS: number, journeysPerSecond: number): Phase => ({
        label,
        durationS,
        journeysPerSecond,
        requestsPerSecond: Math.max(1, Math.round(journeysPerSecond * steps)),
        connections,
    });
    if (profile.executor === 'constant-arrival-rate') {
        return [
            phase(
                `${overrides.journeysPerSecond ?? profile.rate} journeys/s`,
                overrides.durationS ?? parseDuration(profile.duration) / 1000,
                overrides.journeysPerSecond ?? profile.rate,
            ),
        ];
    }
    return profile.stages.map(stage =>
        phase(`${stage.target} journeys/s`, overrides.durationS ?? parseDuration(stage.duration) / 1000, Math.max(stage.target, 0.5)),
    );
}
