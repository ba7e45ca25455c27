/* eslint-disable */
export default async () => {
    const t = {};
    return { "@nestjs/swagger": { "models": [[import("./health/dto/health.dto"), { "HealthDto": { status: { required: true, description: "`ok` when the check passed.", enum: ["ok"] }, database: { required: false, description: "`up` when the database answered (readiness only).", enum: ["up"] } } }]], "controllers": [] } };
};